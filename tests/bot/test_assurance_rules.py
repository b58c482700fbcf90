"""Pure assurance rules: the replay fold, assurance periods, the impact marker, decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.assurance_state import AssuranceState, Kind, replay, step
from bot.dates.assurance_periods import (
    assurance_overdue,
    in_last_month,
    period_end,
    period_start,
    statement_due,
)
from bot.decisions import Decision, find_decision
from bot.language.impact import split_impact
from bot.plans.document import RecommendationDoc

AT = datetime(2026, 11, 26, 10, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """An update row as the fold reads it."""

    status_after: str
    status_before: str | None = "in_progress"
    kind: str | None = None
    source: str = "modal"
    user_id: str = "U0OWNER"
    created_at: datetime = AT
    due_date_before: date | None = None
    new_due_date: date | None = None
    completed_on: date | None = None
    impact: str | None = None


def _day(at: datetime) -> date:
    return at.date()


IMPORTED = Row("not_started", status_before=None, source="import", new_due_date=date(2022, 11, 30))


def test_replay_follows_completion_return_and_sign_off() -> None:
    rows = [
        IMPORTED,
        Row("complete", status_before="not_started", completed_on=date(2026, 11, 20)),
        Row("in_progress", status_before="complete", kind=Kind.RETURN, user_id="U0COORD"),
        Row("complete", completed_on=date(2026, 11, 24), impact="Faster referrals."),
        Row("complete", status_before="complete", kind=Kind.SIGNOFF, user_id="U0COORD"),
    ]
    assert replay(rows, _day) == AssuranceState(
        status="complete",
        completed_on=date(2026, 11, 24),
        due_date=date(2022, 11, 30),
        signoff="signed_off",
        signed_off_on=date(2026, 11, 26),
        signed_off_by="U0COORD",
        impact="Faster referrals.",
    )


def test_replay_counts_applied_moves_and_keeps_the_original_target() -> None:
    first = date(2022, 11, 30)
    rows = [
        IMPORTED,
        Row("in_progress", kind=Kind.REPROGRAMMED, due_date_before=first,
            new_due_date=date(2027, 3, 31)),
        Row("in_progress", kind=Kind.REPROGRAM_PROPOSED, due_date_before=date(2027, 3, 31)),
        Row("in_progress", kind=Kind.REPROGRAM_DECLINED),
        Row("in_progress", kind=Kind.REPROGRAM_PROPOSED, due_date_before=date(2027, 3, 31)),
        Row("in_progress", kind=Kind.REPROGRAM_APPROVED, due_date_before=date(2027, 3, 31),
            new_due_date=date(2027, 9, 30)),
        Row("in_progress", kind=Kind.ASSURANCE),
    ]  # fmt: skip
    state = replay(rows, _day)
    assert (state.due_date, state.original_due_date, state.times_reprogrammed) == (
        date(2027, 9, 30),
        first,
        2,
    )
    assert state.last_assured_on == date(2026, 11, 26)


def test_the_plans_implemented_actions_replay_as_signed_off_by_the_plan() -> None:
    state = step(AssuranceState(), Row("complete", status_before=None, source="import"), AT.date())
    assert (state.signoff, state.signed_off_by, state.signed_off_on) == (
        "signed_off",
        "import",
        None,
    )


@pytest.mark.parametrize(
    ("day", "months", "start", "end"),
    [
        (date(2026, 11, 26), 3, date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 2, 28), 3, date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 8, 1), 6, date(2026, 7, 1), date(2026, 12, 31)),
        (date(2026, 5, 9), 1, date(2026, 5, 1), date(2026, 5, 31)),
        (date(2024, 2, 10), 12, date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_periods_are_calendar_aligned(day: date, months: int, start: date, end: date) -> None:
    assert (period_start(day, months), period_end(day, months)) == (start, end)


def test_a_statement_is_asked_for_in_the_last_month_and_overdue_after_the_quarter() -> None:
    created = date(2026, 1, 10)
    assert not in_last_month(date(2026, 11, 30)) and in_last_month(date(2026, 12, 1))
    assert statement_due(last_assured_on=None, today=date(2026, 12, 7))
    assert not statement_due(last_assured_on=date(2026, 12, 2), today=date(2026, 12, 7))
    # Q3 2026 ended on 30 September: a statement from September onwards counts for it.
    today = date(2026, 10, 5)
    assert assurance_overdue(last_assured_on=None, created_on=created, today=today)
    assert assurance_overdue(last_assured_on=date(2026, 8, 31), created_on=created, today=today)
    assert not assurance_overdue(last_assured_on=date(2026, 9, 1), created_on=created, today=today)
    assert not assurance_overdue(last_assured_on=date(2026, 10, 2), created_on=created, today=today)
    # An action created in the quarter's last month owes nothing for that quarter.
    assert not assurance_overdue(last_assured_on=None, created_on=date(2026, 9, 15), today=today)


@pytest.mark.parametrize(
    ("text", "rest", "impact"),
    [
        ("done last Friday impact: fewer repeat referrals", "done last Friday",
         "fewer repeat referrals"),
        ("done. Result: staff confident", "done.", "staff confident"),
        ("IMPACT:all agencies refer", "", "all agencies refer"),
        ("done, impacted by staffing", "done, impacted by staffing", ""),
        ("delivered, see the results page", "delivered, see the results page", ""),
    ],
)  # fmt: skip
def test_the_impact_statement_is_the_text_after_its_marker(
    text: str, rest: str, impact: str
) -> None:
    assert split_impact(text) == (rest, impact)


def test_decisions_from_words_and_from_a_plan_file() -> None:
    assert find_decision("Partly agreed") is Decision.PARTLY
    assert find_decision("not") is Decision.NOT_AGREED
    assert find_decision("maybe") is None
    doc = RecommendationDoc(number=1, text="Audit.", decision="partly", rationale="Only Q1.")
    assert (doc.decision, doc.rationale) == ("partly_agreed", "Only Q1.")
    with pytest.raises(ValueError, match="needs a rationale"):
        RecommendationDoc(number=1, text="Audit.", decision="not agreed")
    with pytest.raises(ValueError, match="is not agreed, partly or not"):
        RecommendationDoc(number=1, text="Audit.", decision="perhaps")
