"""Assurance periods: calendar quarters by default, any whole number of months dividing a year."""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_MONTHS = 3


def _check(months: int) -> None:
    if months not in (1, 2, 3, 4, 6, 12):
        raise ValueError("an assurance period is 1, 2, 3, 4, 6 or 12 months")


def period_start(day: date, months: int = DEFAULT_MONTHS) -> date:
    """Return the first day of the period `day` is in (periods start on 1 January)."""
    _check(months)
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def period_end(day: date, months: int = DEFAULT_MONTHS) -> date:
    """Return the last day of the period `day` is in."""
    start = period_start(day, months)
    month = start.month + months
    first_after = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return first_after - timedelta(days=1)


def last_month_start(day: date, months: int = DEFAULT_MONTHS) -> date:
    """Return the first day of the last month of the period `day` is in."""
    end = period_end(day, months)
    return end.replace(day=1)


def in_last_month(day: date, months: int = DEFAULT_MONTHS) -> bool:
    """Tell whether `day` is in its period's last month (when owners are asked)."""
    return day >= last_month_start(day, months)


def assurance_overdue(
    *, last_assured_on: date | None, created_on: date, today: date, months: int = DEFAULT_MONTHS
) -> bool:
    """Tell whether an Ongoing action lacks a statement for the last completed period.

    A statement counts for a period from the start of its last month (when owners are asked)
    onwards; an action that did not yet exist by then owes nothing for that period.
    """
    previous_end = period_start(today, months) - timedelta(days=1)
    asked_from = last_month_start(previous_end, months)
    if created_on >= asked_from:
        return False
    return last_assured_on is None or last_assured_on < asked_from


def statement_due(
    *, last_assured_on: date | None, today: date, months: int = DEFAULT_MONTHS
) -> bool:
    """Tell whether the owner should be asked now: the period's last month, no statement yet."""
    if not in_last_month(today, months):
        return False
    return last_assured_on is None or last_assured_on < last_month_start(today, months)
