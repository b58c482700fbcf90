"""Time, injected: services take `now`; only entry points read the real clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


def local_day(now: datetime, tz: ZoneInfo) -> date:
    """Return the calendar day `now` falls on in the partnership's time zone."""
    return now.astimezone(tz).date()


def week_start(day: date) -> date:
    """Return the Monday of the week (Monday to Sunday) that `day` is in."""
    return day - timedelta(days=day.weekday())
