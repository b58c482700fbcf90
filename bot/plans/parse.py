"""Read a plan file (YAML, CSV or XLSX) into a PlanDocument, chosen by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from bot.plans.document import PlanError
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
    return parse_table(sheets, path=path, review=review, progress=progress)
