"""Read a plan file (YAML, CSV or XLSX) into a PlanDocument, chosen by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from bot.plans.document import PlanError
from bot.plans.export_columns import CSV_COLUMNS
from bot.plans.files import read_csv_rows, read_text, read_xlsx_sheets
from bot.plans.parse_common import ParsedPlan, Progress
from bot.plans.parse_table import parse_table
from bot.plans.parse_yaml import parse_yaml_plan

__all__ = ["ParsedPlan", "PlanError", "parse_plan"]

_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")


def parse_plan(
    path: Path, *, review: str | None = None, progress: Progress | None = None
) -> ParsedPlan:
    """Read a plan file into a PlanDocument with notes; raise PlanError naming row and column.

    `review` sets the review slug; `progress(done, total)` is called per row read.
    """
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise PlanError(
            "not a CSV/XLSX/YAML file: a plan must end in .yaml, .yml, .csv or .xlsx",
            file=str(path),
        )
    if not path.is_file():
        raise PlanError("no such file", file=str(path))
    if suffix in (".yaml", ".yml"):
        text = read_text(path, "YAML")
        return parse_yaml_plan(path, text, review=review, progress=progress)
    sheets = [read_csv_rows(path)] if suffix == ".csv" else read_xlsx_sheets(path)
    if any(_exported(rows) for rows in sheets):
        raise PlanError(OWN_EXPORT, file=str(path))
    return parse_table(sheets, path=path, review=review, progress=progress)


OWN_EXPORT = (
    "this is the tracker's own export, a report of the plan and its progress, not a plan "
    "file: importing it would replace the plan's texts and outcomes with the report's. "
    "Import the plan file you started from, edited as needed."
)


def _exported(rows: list[list[str]]) -> bool:
    """Tell whether a sheet starts with the CSV export's header (the XLSX's Data sheet too)."""
    first = next((row for row in rows if any(cell.strip() for cell in row)), None)
    if first is None:
        return False
    return [cell.strip().lower() for cell in first[: len(CSV_COLUMNS)]] == list(CSV_COLUMNS)
