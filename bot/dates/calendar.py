"""Calendar helpers shared by plan targets and update phrases: months, month ends, quarters."""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# Meteorological seasons (docs/fuzzy-targets.md): the first month of each.
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

# "a month", "six weeks": number words people write in plans and updates.
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
}  # fmt: skip

FINANCIAL_YEAR_START_MONTH = 4  # UK financial year: 1 April to 31 March


def month_number(word: str) -> int:
    """Return 1-12 for a month name or abbreviation ("Sept", "march"); raise KeyError if none."""
    word = word.lower().rstrip(".")
    return MONTHS[word] if word in MONTHS else MONTHS[word[:3]]


def month_end(year: int, month: int) -> date:
    """Return the last day of a month."""
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later (or earlier), clamped to the end of the month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    end = month_end(year, month + 1)
    return date(end.year, end.month, min(day.day, end.day))


def end_after(start: date, months: int) -> date:
    """Return the last day of a window of ``months`` whole months starting at ``start``."""
    return add_months(start, months) - timedelta(days=1)


def calendar_quarter(year: int, quarter: int) -> tuple[date, date]:
    """Return the first and last day of a calendar quarter (Q1 = Jan-Mar)."""
    start = date(year, 3 * quarter - 2, 1)
    return start, end_after(start, 3)


def financial_quarter(first_year: int, quarter: int) -> tuple[date, date]:
    """Return the first and last day of a UK financial quarter of the year starting in April."""
    start = add_months(date(first_year, FINANCIAL_YEAR_START_MONTH, 1), 3 * (quarter - 1))
    return start, end_after(start, 3)


def quarter_end(day: date) -> date:
    """Return the last day of the calendar quarter that contains ``day``."""
    return month_end(day.year, (day.month - 1) // 3 * 3 + 3)


def day_exists(month: int, day: int) -> bool:
    """Say whether a day and month exist in some year (29 February does; 31 April does not)."""
    return 1 <= month <= 12 and 1 <= day <= _stdlib_calendar.monthrange(2024, month)[1]


def for_people(day: date) -> str:
    """Return a day the way people read it: "Sat 1 Feb 2025"."""
    return f"{day:%a} {day.day} {day:%b %Y}"
