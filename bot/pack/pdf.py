"""The pack's PDF: the same content as index.html, in fpdf2's core fonts."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from fpdf import FPDF
from fpdf.fonts import FontFace

from bot.pack.layout import Placement, day, moment, rag_word, size
from bot.pack.model import PackAction, PackRecommendation, PackReview

# Core fonts know only Latin-1: say the common typographic characters in it, and spell the
# rest by their base letter ("ł" would otherwise fail the whole pack).
_LATIN1 = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "−": "-",
    "…": "...",
    "•": "*",
    "€": "EUR",
    "™": "(TM)",
    "→": "->",
    "←": "<-",
    "✓": "yes",
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "ı": "i",
    "Œ": "OE",
    "œ": "oe",
    "\u00a0": " ",
    "\u200b": "",
    "\t": "    ",
}
_HEADINGS = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


def latin1(text: str | None) -> str:
    """Return `text` in characters the PDF core fonts can draw."""
    out: list[str] = []
    for ch in text or "":
        if ch in _LATIN1:
            out.append(_LATIN1[ch])
        elif ch == "\n" or (ch.isprintable() and ord(ch) < 256):
            out.append(ch)
        elif ch.isprintable():
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append("".join(c for c in base if c.isprintable()) or "?")
    return "".join(out)


class _Document(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.pack_title = title

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"{self.pack_title} - page {self.page_no()}", align="C")


class _Writer:
    def __init__(self, review: PackReview, generated_on: date) -> None:
        self.pdf = _Document(latin1(f"Evidence pack: {review.title}"))
        self.pdf.set_creation_date(datetime.combine(generated_on, time(), tzinfo=UTC))
        self.pdf.set_title(latin1(f"Evidence pack: {review.title}"))
        self.pdf.set_author(latin1(review.partnership))
        self.pdf.set_lang("en-GB")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_margins(15, 15, 15)
        self.pdf.add_page()

    def heading(self, text: str, level: int) -> None:
        sizes = {1: 17, 2: 14, 3: 12, 4: 10}
        self.pdf.ln(2 if level > 2 else 4)
        self.pdf.set_font("Helvetica", style="B", size=sizes[level])
        self.pdf.multi_cell(0, sizes[level] * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font("Helvetica", size=9)

    def para(self, text: str | None) -> None:
        self.pdf.set_font("Helvetica", size=9)
        self.pdf.multi_cell(0, 4.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        self.pdf.set_font("Helvetica", size=9)
        with self.pdf.table(
            col_widths=(45, 135), first_row_as_headings=False, text_align="LEFT", line_height=4.5
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(latin1(label), style=_HEADINGS)
                row.cell(latin1(value or "-"))
        self.pdf.ln(1)

    def grid(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        self.pdf.set_font("Helvetica", size=8)
        with self.pdf.table(
            col_widths=tuple(widths), headings_style=_HEADINGS, text_align="LEFT", line_height=4
        ) as table:
            table.row([latin1(h) for h in headers])
            for values in rows:
                table.row([latin1(v or "-") for v in values])
        self.pdf.set_font("Helvetica", size=9)
        self.pdf.ln(1)


def _status(action: PackAction) -> str:
    overdue = "; overdue" if action.overdue else ""
    return f"{action.status_label} (RAG: {rag_word(action.rag)}){overdue}"


def _signoff(action: PackAction) -> str:
    if action.signed_off_on:
        return f"Signed off {day(action.signed_off_on)} by {action.signed_off_by or '-'}."
    if action.completed_on:
        return f"Completed {day(action.completed_on)}; not signed off."
    return "Not completed."


def _action(w: _Writer, action: PackAction, placement: Placement) -> None:
    w.heading(f"Action {action.ref}", 3)
    w.para(action.text)
    w.facts(
        [
            ("Lead agency", action.lead_agency),
            ("Delivering agency", action.delivering_agency or "-"),
            ("Owner", action.owner or "-"),
            ("Target (as written)", action.target_text or "-"),
            ("Due date", day(action.due_date)),
            ("Original due date", day(action.original_due_date)),
            ("Status", _status(action)),
            ("Completed", day(action.completed_on)),
            ("Sign-off", _signoff(action)),
            ("Impact", action.impact_statement or "No impact statement recorded."),
        ]
    )
    if action.reprogramming:
        w.heading("Re-programming", 4)
        w.grid(
            ("From", "To", "Reason", "Decided by", "Decided on"),
            [
                (day(r.from_date), day(r.to_date), r.reason, r.decided_by or "-", day(r.decided_on))
                for r in action.reprogramming
            ],
            (25, 25, 80, 30, 20),
        )
    if action.timeline:
        w.heading("Timeline", 4)
        w.grid(
            ("When", "Who", "What"),
            [(moment(t.when), t.who, t.what) for t in action.timeline],
            (30, 35, 115),
        )
    w.heading("Evidence", 4)
    if not action.evidence:
        w.para("No evidence recorded.")
        return
    rows = []
    for index, item in enumerate(action.evidence):
        placed = placement.items[(action.ref, index)]
        where = placed.path or item.filename or item.url or "-"
        rows.append(
            (
                f"{item.kind}: {item.description}",
                where,
                placed.state,
                size(item.size),
                item.sha256 or "-",
                f"{item.added_by}, {day(item.added_on)}",
            )
        )
    w.grid(
        ("Evidence", "File", "State", "Size", "SHA-256", "Added"), rows, (40, 35, 30, 15, 35, 25)
    )


def _recommendation(w: _Writer, rec: PackRecommendation, placement: Placement) -> None:
    w.heading(f"Recommendation {rec.number}", 2)
    w.para(rec.text)
    w.facts(
        [
            ("Theme", rec.theme or "-"),
            ("Scope", rec.scope or "-"),
            ("Decision", rec.decision or "-"),
            ("Rationale", rec.rationale or "-"),
        ]
    )
    for action in rec.actions:
        _action(w, action, placement)


def render_pdf(review: PackReview, placement: Placement, *, generated_on: date) -> bytes:
    """Return the pack's PDF for the review."""
    w = _Writer(review, generated_on)
    w.heading(f"Evidence pack: {review.title}", 1)
    w.facts(
        [
            ("Partnership", review.partnership),
            ("Review type", review.review_type),
            ("Published", day(review.published)),
            ("Pack generated", day(generated_on)),
        ]
    )
    w.para(
        "Every file named below is inside the pack under evidence/; manifest.json gives each "
        "file's SHA-256. The plan is in plan.xlsx and plan.csv, and this document in index.html."
    )
    for rec in review.recommendations:
        _recommendation(w, rec, placement)
    return bytes(w.pdf.output())
