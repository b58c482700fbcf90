"""The plan as an XLSX workbook: the published table, RAG fills, frozen header."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from bot.plans.layout import HEADERS, table_lines
from bot.plans.rows import CSV_COLUMNS, PlanRow, csv_values
from bot.safety.text import spreadsheet_text
from bot.status import RAG_HEX

WIDTHS = (48, 10, 48, 14, 36, 18, 48)


def _fill(rag: str) -> PatternFill:
    colour = RAG_HEX[rag].lstrip("#")
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def _append_text(sheet: Worksheet, values: Iterable[Any]) -> None:
    # openpyxl stores a string starting with "=" as a formula and refuses control
    # characters: every text cell is neutralised, then pinned as a string.
    sheet.append([spreadsheet_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def write_xlsx(rows: list[PlanRow], review: str, path: Path) -> None:
    """Write the plan sheet (as published) and a data sheet (the CSV columns)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Action plan"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in table_lines(rows):
        if line.theme is not None:
            _append_text(sheet, [line.theme])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
            continue
        _append_text(sheet, line.cells)
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
        status_cell = sheet.cell(sheet.max_row, len(HEADERS))
        status_cell.fill = _fill(line.rag)
        status_cell.font = Font(color="FFFFFF" if line.rag != "amber" else "000000")
    data = book.create_sheet("Data")
    data.append(CSV_COLUMNS)
    data.freeze_panes = "A2"
    for row in rows:
        _append_text(data, csv_values(row))
    book.properties.title = f"Action plan - {review}"
    book.save(path)
