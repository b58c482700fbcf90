"""One rule for overdue, due soon and stale, shared by the summary and the reminders."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from bot.weekly.compute import compute_summaries, needs
from bot.weekly.owners import reminder_lists
from helpers import NOW
from plan_builder import Plan

TODAY = date(2026, 11, 26)
LONG_AGO = NOW - timedelta(days=60)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "due", "last", "created", "expected"),
    [
        ("in_progress", date(2026, 11, 25), NOW, LONG_AGO, ("overdue",)),
        ("in_progress", date(2026, 11, 26), NOW, LONG_AGO, ("due_soon",)),
        ("in_progress", date(2026, 12, 10), NOW, LONG_AGO, ("due_soon",)),
        ("in_progress", date(2026, 12, 11), NOW, LONG_AGO, ()),
        ("in_progress", None, NOW - 28 * DAY, LONG_AGO, ("stale",)),
        ("in_progress", None, NOW - 27 * DAY, LONG_AGO, ()),
        ("not_started", None, None, NOW - 2 * DAY, ()),  # a fresh import is not stale
        ("not_started", date(2026, 11, 1), None, LONG_AGO, ("overdue", "stale")),
        ("complete", date(2026, 11, 1), None, LONG_AGO, ()),
    ],
)
def test_needs(
    status: str,
    due: date | None,
    last: datetime | None,
    created: datetime,
    expected: tuple[str, ...],
) -> None:
    assert needs(status, due, last, created, today=TODAY, as_of=NOW) == expected


def test_the_summary_and_the_reminders_agree(session: Session) -> None:
    plan = Plan(session)
    plan.action("1.1", owner="U0A", due=date(2026, 11, 20))
    plan.action("1.2", owner="U0A", due=date(2026, 12, 1), created=NOW - DAY)
    fresh = plan.action("1.3", owner="U0A", target_kind="ongoing", created=NOW - DAY)
    plan.update(fresh, at=NOW - DAY, status="in_progress", user="U0A")
    plan.action("1.4", owner="U0A", target_kind="ongoing")
    plan.action("1.5", owner="U0A", due=date(2027, 1, 30), created=NOW - DAY)
    london = ZoneInfo("Europe/London")
    [summary] = compute_summaries(session=session, as_of=NOW, tz=london)
    reminders = reminder_lists(session=session, now=NOW, tz=london)["U0A"]
    by_reason = {line.full_ref.split(":")[1]: line.reason for line in reminders}
    assert by_reason == {"1.1": "overdue", "1.2": "due_soon", "1.4": "stale"}
    assert [line.ref for line in summary.due_soon] == ["1.2"]
    assert [line.ref for line in summary.stale] == ["1.1", "1.4"]
    assert summary.overdue.now == 1
