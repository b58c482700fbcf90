"""The summary's figures, computed from a small hand-built plan and its history."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from bot.readmodel.summary import Change, ReviewSummary
from bot.status import Status
from bot.weekly.compute import compute_summaries
from helpers import NOW
from plan_builder import Plan

LONDON = ZoneInfo("Europe/London")
DAY = timedelta(days=1)


@pytest.fixture
def plan(session: Session) -> Plan:
    """Build six actions whose week is known (NOW is Thursday 26 Nov 2026)."""
    plan = Plan(session)
    a = {}
    a["done"] = plan.action("1.1", owner="U0A")
    plan.update(a["done"], at=NOW - 40 * DAY, status="in_progress", user="U0A")
    plan.update(
        a["done"], at=NOW - 3 * DAY, status="complete", user="U0A", completed_on=date(2026, 11, 23)
    )
    plan.evidence(a["done"], at=NOW - 3 * DAY)
    plan.evidence(a["done"], at=NOW - 3 * DAY)
    plan.evidence(a["done"], at=NOW + DAY)  # after the as-of moment: not counted
    a["late"] = plan.action("1.2", due=date(2026, 11, 22), owner="U0B")
    plan.update(a["late"], at=NOW - 10 * DAY, status="in_progress", user="U0B")
    a["soon"] = plan.action("2.1", agency="Police", due=date(2026, 12, 5))
    a["risk"] = plan.action("2.2", agency="Police", due=date(2027, 3, 31))
    plan.update(a["risk"], at=NOW - 20 * DAY, status="in_progress", user="U0C")
    plan.update(a["risk"], at=NOW - 2 * DAY, status="at_risk", user="U0C")
    plan.update(a["risk"], at=NOW - 1 * DAY, user="U0D")
    a["ongoing"] = plan.action("2.3", agency="Police", target_kind="ongoing")
    plan.update(a["ongoing"], at=NOW - 30 * DAY, status="in_progress", user="U0C")
    a["new"] = plan.action("3.1", due=date(2027, 6, 30), created=NOW - 2 * DAY)
    plan.actions = a  # type: ignore[attr-defined]
    return plan


def _one(session: Session, **kwargs: object) -> ReviewSummary:
    summaries = compute_summaries(session=session, tz=LONDON, **kwargs)  # type: ignore[arg-type]
    assert len(summaries) == 1
    return summaries[0]


def _refs(lines: list) -> list[str]:  # type: ignore[type-arg]
    return [line.ref for line in lines]


def test_counts_by_status_with_the_change_since_a_week_earlier(
    plan: Plan, session: Session
) -> None:
    summary = _one(session, as_of=NOW)
    assert summary.by_status == {
        Status.NOT_STARTED: Change(2, 1),  # 2.1, plus 3.1 created this week
        Status.IN_PROGRESS: Change(2, 4),  # 1.2, 2.3 (1.1 and 2.2 moved on)
        Status.AT_RISK: Change(1, 0),
        Status.BLOCKED: Change(0, 0),
        Status.COMPLETE: Change(1, 0),
    }
    assert summary.total == Change(6, 5)
    assert summary.overdue == Change(1, 0)
    assert (summary.today, summary.period_start, summary.week_start) == (
        date(2026, 11, 26),
        date(2026, 11, 19),
        date(2026, 11, 23),
    )


def test_completed_and_updated_this_week_say_who_and_how_much(plan: Plan, session: Session) -> None:
    summary = _one(session, as_of=NOW)
    [done] = summary.completed
    assert (done.ref, done.by, done.evidence_count, done.completed_on) == (
        "1.1",
        ("U0A",),
        2,
        date(2026, 11, 23),
    )
    assert done.full_ref == "lily:1.1"
    [updated] = summary.updated
    assert (updated.ref, updated.by, updated.updates, updated.status) == (
        "2.2",
        ("U0C", "U0D"),
        2,
        Status.AT_RISK,
    )


def test_newly_overdue_due_soon_stale_and_ongoing(plan: Plan, session: Session) -> None:
    summary = _one(session, as_of=NOW)
    assert _refs(summary.newly_overdue) == ["1.2"]
    assert summary.newly_overdue[0].overdue
    assert _refs(summary.due_soon) == ["2.1"]
    # 2.1 was imported 60 days ago and never touched; 2.3's last update was 30 days ago.
    assert _refs(summary.stale) == ["2.1", "2.3"]
    assert _refs(summary.ongoing) == ["2.3"]


def test_counts_per_agency(plan: Plan, session: Session) -> None:
    summary = _one(session, as_of=NOW)
    ssp, police = sorted(summary.agencies, key=lambda a: a.code.lower(), reverse=True)
    assert (ssp.code, police.code) == ("SSP", "Police")
    assert ssp.total == Change(3, 2)
    assert ssp.by_status[Status.COMPLETE] == Change(1, 0)
    assert ssp.overdue == Change(1, 0)
    assert ssp.rag == {"blue": 1, "green": 0, "amber": 0, "red": 1, "grey": 1}
    assert police.total == Change(3, 3)
    assert (police.due_soon, police.stale) == (1, 2)
    assert police.rag == {"blue": 0, "green": 1, "amber": 1, "red": 0, "grey": 1}


def test_an_earlier_as_of_is_rebuilt_from_the_updates(plan: Plan, session: Session) -> None:
    # As of Tuesday night, 2.2 was still in progress and 1.1 already complete.
    summary = _one(session, as_of=NOW - 2 * DAY - timedelta(hours=1))
    assert summary.by_status[Status.AT_RISK] == Change(0, 0)
    assert summary.by_status[Status.COMPLETE] == Change(1, 0)
    assert _refs(summary.updated) == []
    assert summary.completed[0].evidence_count == 2
    # A week before that, nothing had been completed and 3.1 did not exist.
    summary = _one(session, as_of=NOW - 8 * DAY)
    assert summary.total == Change(5, 5)
    assert summary.completed == []
    assert summary.by_status[Status.COMPLETE] == Change(0, 0)


def test_a_due_date_moved_later_is_not_seen_before_it_moved(plan: Plan, session: Session) -> None:
    late = plan.actions["late"]  # type: ignore[attr-defined]
    plan.update(late, at=NOW + DAY, new_due=date(2027, 1, 31), user="U0B")
    summary = _one(session, as_of=NOW)
    assert _refs(summary.newly_overdue) == ["1.2"]
    assert summary.newly_overdue[0].due_date == date(2026, 11, 22)
    assert _one(session, as_of=NOW + 2 * DAY).newly_overdue == []


def test_one_review_by_slug_and_unknown_slug(plan: Plan, session: Session) -> None:
    Plan(session, slug="rose")
    assert [s.slug for s in compute_summaries(session=session, as_of=NOW, tz=LONDON)] == [
        "lily",
        "rose",
    ]
    assert _one(session, as_of=NOW, review_slug="rose").total == Change(0, 0)
    assert compute_summaries(session=session, as_of=NOW, tz=LONDON, review_slug="nope") == []


def _statements(session: Session, actions: int) -> int:
    plan = Plan(session, slug=f"size{actions}", agencies=("SSP", "Police", "ASC"))
    for i in range(actions):
        action = plan.action(
            f"{i // 10 + 1}.{i % 10 + 1}",
            agency=("SSP", "Police", "ASC")[i % 3],
            due=date(2026, 11, 1) + timedelta(days=i % 60),
            owner=f"U{i % 7}",
        )
        plan.update(action, at=NOW - (i % 20) * DAY, status="in_progress")
        if i % 3 == 0:
            plan.evidence(action, at=NOW - DAY)
    session.flush()
    count = 0

    def counter(*_args: object) -> None:
        nonlocal count
        count += 1

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        summary = _one(session, as_of=NOW, review_slug=plan.review.slug)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert summary.total.now == actions
    return count


def test_the_number_of_statements_does_not_grow_with_the_plan(session: Session) -> None:
    small = _statements(session, 10)
    large = _statements(session, 200)
    assert small == large
    assert 2 <= small <= 4
