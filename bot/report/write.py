"""Write the board report as XLSX (openpyxl) or PDF (fpdf2), with a chart per review."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from bot.charts import RAG_LABELS, RAG_ORDER, chart_day
from bot.pack.pdf import latin1
from bot.report.chart import HEIGHT, WIDTH, review_charts
from bot.report.model import BoardReport
from bot.safety.text import spreadsheet_text as safe_cell
from bot.status import Status

FORMATS = ("xlsx", "pdf")
REVIEW_COLUMNS = (
    "Review",
    "Title",
    "Type",
    "Actions",
    *(s.label for s in Status),
    "Overdue",
    "% signed off",
    "Re-programmed",
    "Average slip (days)",
)


def _period(report: BoardReport) -> str:
    return f"{chart_day(report.start)} to {chart_day(report.end)}"


def review_rows(report: BoardReport) -> list[list[object]]:
    """Return the open reviews' table, one row per review."""
    return [
        [
            line.slug,
            line.title,
            line.review_type,
            line.total,
            *(line.by_status[s.label] for s in Status),
            line.overdue,
            line.signed_off_pct,
            line.reprogrammed,
            line.average_slip_days,
        ]
        for line in report.reviews
    ]


def write_xlsx(report: BoardReport) -> bytes:
    """Return the report as an XLSX workbook: reviews, themes, overdue, and the charts."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Reviews"
    sheet.append([f"Board report, {_period(report)}: open reviews"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(REVIEW_COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in review_rows(report):
        sheet.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    themes = book.create_sheet("Themes")
    themes.append(["Theme", "Review", "Recommendation", "Text", "Progress"])
    for cell in themes[1]:
        cell.font = Font(bold=True)
    for theme, items in report.themes.items():
        for item in items:
            themes.append(
                [safe_cell(theme), item.review, item.number, safe_cell(item.text), item.progress]
            )
    late = book.create_sheet("Overdue longest")
    late.append(["Review", "Ref", "Action", "Lead agency", "Due", "Days overdue"])
    for cell in late[1]:
        cell.font = Font(bold=True)
    for line in report.overdue:
        late.append(
            [line.review, line.ref, safe_cell(line.text), line.lead_agency, line.due_date,
             line.days_overdue]
        )  # fmt: skip
    charts = book.create_sheet("Charts")
    charts.append(["Status over the period, per review (bands: " + _key() + ")"])
    at = 2
    for review, drawer in review_charts(report.reviews):
        charts.cell(row=at, column=1, value=f"{review.slug}: {safe_cell(review.title)}")
        charts.add_image(Image(io.BytesIO(drawer.png(review))), f"A{at + 1}")
        at += 12
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _key() -> str:
    from bot.charts import HATCHES

    return "; ".join(f"{RAG_LABELS[r]} {HATCHES[r] or 'plain'}" for r in RAG_ORDER)


def _section(pdf: Any, title: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")


def _fit(pdf: Any, text: str, width: float) -> str:
    # One line per cell: a board reads a row at a glance (the XLSX has every word). The cut
    # is estimated from the average width of a character, then checked once.
    text = latin1(" ".join(text.split()))
    if pdf.get_string_width(text) <= width - 2:
        return text
    keep = max(1, int(len(text) * (width - 4) / pdf.get_string_width(text)))
    return text[: keep - 3].rstrip() + "..."


def _grid(
    pdf: Any, headers: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[str]]
) -> None:
    """Draw a table of one-line cells, its header row repeated on every page."""

    def header() -> None:
        pdf.set_font("Helvetica", "B", 7)
        pdf.set_fill_color(235, 235, 235)
        for title, width in zip(headers, widths, strict=True):
            pdf.cell(width, 6, _fit(pdf, title, width), border=1, fill=True)
        pdf.ln()
        pdf.set_font("Helvetica", size=7)

    header()
    for row in rows:
        if pdf.get_y() + 5 > pdf.h - pdf.b_margin:
            pdf.add_page()
            header()
        for value, width in zip(row, widths, strict=True):
            pdf.cell(width, 5, _fit(pdf, value, width), border=1)
        pdf.ln()


def write_pdf(report: BoardReport) -> bytes:
    """Return the report as a PDF: tables with headers, then a chart per review."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_creation_date(datetime.combine(report.end, time(), tzinfo=UTC))
    pdf.set_title(latin1(f"Board report {_period(report)}"))
    pdf.set_lang("en-GB")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(f"Board report: {_period(report)}"), new_x="LMARGIN", new_y="NEXT")
    _section(pdf, "Open reviews")
    widths = (22, 60, 12, 14, 17, 17, 14, 14, 17, 15, 17, 20, 18)
    _grid(pdf, REVIEW_COLUMNS, widths, [[str(v) for v in row] for row in review_rows(report)])
    _section(pdf, "Themes across reviews")
    _grid(
        pdf,
        ("Theme", "Review", "Rec.", "Recommendation", "Progress"),
        (35, 22, 10, 160, 50),
        [
            [theme, item.review, str(item.number), item.text, item.progress]
            for theme, items in report.themes.items()
            for item in items
        ],
    )
    _section(pdf, "Actions overdue longest")
    _grid(
        pdf,
        ("Review", "Ref", "Action", "Lead", "Due", "Days overdue"),
        (22, 12, 160, 25, 30, 25),
        [
            [o.review, o.ref, o.text, o.lead_agency, chart_day(o.due_date), str(o.days_overdue)]
            for o in report.overdue
        ],
    )
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Status over the period, per review", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(0, 5, latin1("Bands: " + _key() + "."), new_x="LMARGIN", new_y="NEXT")
    width = pdf.epw / 2 - 2
    height = width * HEIGHT / WIDTH
    top = pdf.get_y()
    for index, (review, drawer) in enumerate(review_charts(report.reviews)):
        if index % 2 == 0:
            if index:
                top += height + 2
            if top + height > pdf.h - pdf.b_margin:
                pdf.add_page()
                top = pdf.get_y()
        pdf.image(
            # 64 colours are plenty for flat bands and hatches, and a third the bytes to pack.
            drawer.image(review).quantize(64),
            x=pdf.l_margin + (index % 2) * (width + 4),
            y=top,
            w=width,
            h=height,
            alt_text=latin1(f"{review.title}: status over the period"),
        )
    return bytes(pdf.output())
