"""Write the action plan as the partnership publishes it: CSV, XLSX or Markdown.

The rows live in bot.plans.rows and each writer in a module of its own; this module only
picks the writer. PlanRow, plan_rows, UnknownReview, CSV_COLUMNS and write_csv are
re-exported so that existing `from bot.plans.export import ...` lines keep working.
"""

from __future__ import annotations

from pathlib import Path

from bot.plans.export_csv import write_csv
from bot.plans.export_md import write_markdown
from bot.plans.rows import CSV_COLUMNS, PlanRow, UnknownReview, plan_rows

__all__ = ["CSV_COLUMNS", "PlanRow", "UnknownReview", "plan_rows", "write_csv", "write_file"]


def write_file(rows: list[PlanRow], review: str, fmt: str, path: Path) -> None:
    """Write rows to `path` in the format `fmt` (csv, xlsx or md)."""
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            write_csv(rows, out)
    elif fmt == "xlsx":
        # openpyxl is slow to import and only this format needs it: keep it out of
        # processes (the web worker) that never write a workbook.
        from bot.plans.export_xlsx import write_xlsx

        write_xlsx(rows, review, path)
    elif fmt == "md":
        with path.open("w", encoding="utf-8") as out:
            write_markdown(rows, review, out)
    else:
        raise ValueError(f"unknown format {fmt!r}: use csv, xlsx or md")
