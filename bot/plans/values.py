"""A cell value as text: the one rule for the spreadsheets we read and the exports we write."""

from __future__ import annotations

from datetime import date, datetime, time


def value_text(value: object, *, yes: str = "yes", no: str = "no") -> str:
    """Return a cell value as text: blank for None, dates as YYYY-MM-DD, whole floats as ints.

    Only the spelling of a flag differs between reading and writing: our exports write
    yes/no (the CSV columns' contract), a workbook we read shows TRUE/FALSE.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, datetime):
        # A spreadsheet stores a plain date as midnight; show it as the date typed.
        if value.time() == time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets keep every number as a float: "4" reads back as 4.0.
        return str(int(value))
    return str(value)
