"""The plan as CSV: the columns of the published data, one row per action."""

from __future__ import annotations

import csv
from typing import IO

from bot.plans.rows import CSV_COLUMNS, PlanRow, csv_values
from bot.safety.text import spreadsheet_text


def write_csv(rows: list[PlanRow], out: IO[str]) -> None:
    """Write the plan as CSV with the fixed columns (docs/plan-files.md), one row per action."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        # What people typed must never run as a formula in the spreadsheet that opens it.
        writer.writerow([spreadsheet_text(value) for value in csv_values(row)])
