"""The weekly summary of each review, computed from the database as of one moment.

Three queries whatever the plan size: the reviews, the actions (with their status now and
a week earlier, last activity and evidence count as correlated subqueries), and the
updates since a week earlier. Past states come from the append-only updates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.clock import local_day, week_start
from bot.readmodel.summary import RAG_ORDER, ActionLine, AgencySummary, Change, ReviewSummary
from bot.status import Status, attention, is_overdue, rag_for
from bot.weekly.assurance_week import assurance_marks
from storage.models import Review, Update
from storage.repositories import summary_reads

PERIOD = timedelta(days=7)
DUE_SOON_DAYS = 14
DUE_SOON = timedelta(days=DUE_SOON_DAYS)
STALE_AFTER = timedelta(days=28)
IMPORT = "import"
ONGOING = "ongoing"


@dataclass
class _State:
    """An action's reconstructed state at the two moments, plus this week's activity."""

    row: Any
    status: Status
    status_before: Status | None  # None: the action did not exist a week earlier
    due: date | None
    due_before: date | None
    week: list[Update]


def compute_summaries(
    *, session: Session, as_of: datetime, tz: ZoneInfo, review_slug: str | None = None
) -> list[ReviewSummary]:
    """Return the summary of every review (or of one) as of `as_of`, covering the 7 days before."""
    reviews = summary_reads.reviews_in_scope(review_slug, session=session)
    ids = [review.id for review in reviews]
    week_ago = as_of - PERIOD
    rows = summary_reads.action_rows(ids, as_of=as_of, week_ago=week_ago, session=session)
    later: dict[int, list[Update]] = defaultdict(list)
    for update in summary_reads.updates_since(ids, week_ago, session=session):
        later[update.action_id].append(update)
    by_review: dict[int, list[_State]] = defaultdict(list)
    for row in rows:
        state = _reconstruct(row, later.get(row.id, []), as_of, week_ago)
        by_review[row.review_id].append(state)
    return [_summarise(review, by_review.get(review.id, []), as_of, tz) for review in reviews]


def _reconstruct(row: Any, later: Sequence[Update], as_of: datetime, week_ago: datetime) -> _State:
    after_now = [u for u in later if u.created_at > as_of]
    week = [u for u in later if u.created_at <= as_of]
    status = _status(row.status_now, after_now, row.status)
    existed = row.created_at <= week_ago
    before = _status(row.status_before, later, status.value) if existed else None
    return _State(
        row=row,
        status=status,
        status_before=before,
        due=_due_at(row.due_date, after_now),
        due_before=_due_at(row.due_date, later),
        week=week,
    )


def _status(recorded: str | None, after: Sequence[Update], current: str) -> Status:
    """Return the status at a moment: the latest update's, else what the next update found."""
    if recorded is not None:
        return Status(recorded)
    if after:
        return Status(after[0].status_before or Status.NOT_STARTED)
    return Status(current)


def _moves_due(update: Update) -> bool:
    if update.new_due_date is not None:
        return True
    # A re-import that turns a dated target into "Ongoing" clears the due date.
    return (
        update.source == IMPORT
        and update.status_before is not None
        and (update.due_date_before is not None)
    )


def _due_at(current: date | None, after: Sequence[Update]) -> date | None:
    """Return the due date at a moment: before the first later change, else the current one."""
    for update in after:
        if _moves_due(update):
            return update.due_date_before
    return current


def _line(state: _State, slug: str, today: date, tz: ZoneInfo, **extra: Any) -> ActionLine:
    row = state.row
    last: datetime | None = row.last_activity
    return ActionLine(
        action_id=row.id,
        ref=row.ref,
        full_ref=f"{slug}:{row.ref}",
        text=row.text,
        agency=row.agency,
        owner_id=row.owner_id,
        status=state.status,
        due_date=state.due,
        overdue=is_overdue(state.status, state.due, today),
        last_update_on=local_day(last, tz) if last is not None else None,
        evidence_count=int(row.evidence or 0),
        **extra,
    )


def needs(
    status: str,
    due: date | None,
    last_activity: datetime | None,
    created_at: datetime,
    *,
    today: date,
    as_of: datetime,
) -> tuple[str, ...]:
    """Return why an action needs someone (overdue, due_soon, stale) by the summary's windows."""
    return attention(
        status,
        due,
        last_activity,
        created_at,
        today=today,
        as_of=as_of,
        soon=DUE_SOON,
        stale_after=STALE_AFTER,
    )


def _needs(state: _State, today: date, as_of: datetime) -> tuple[str, ...]:
    row = state.row
    return needs(
        state.status, state.due, row.last_activity, row.created_at, today=today, as_of=as_of
    )


def _summarise(
    review: Review, states: list[_State], as_of: datetime, tz: ZoneInfo
) -> ReviewSummary:
    today = local_day(as_of, tz)
    period_start = today - PERIOD
    lines = _Lines(review.slug, today, as_of, tz)
    for state in states:
        lines.add(state)
    total, by_status, overdue = _tally(states, today, period_start)
    return ReviewSummary(
        review_id=review.id,
        slug=review.slug,
        title=review.title,
        partnership=review.partnership,
        as_of=as_of,
        today=today,
        period_start=period_start,
        week_start=week_start(today),
        total=total,
        by_status=by_status,
        overdue=overdue,
        completed=lines.completed,
        updated=lines.updated,
        newly_overdue=lines.newly_overdue,
        due_soon=sorted(lines.due_soon, key=lambda line: (line.due_date or today, line.ref)),
        stale=lines.stale,
        ongoing=lines.ongoing,
        agencies=_agencies(states, today, period_start, as_of),
        assurance=lines.assurance,
    )


class _Lines:
    """Sorts each action into the summary's lists."""

    def __init__(self, slug: str, today: date, as_of: datetime, tz: ZoneInfo) -> None:
        self.slug, self.today, self.as_of, self.tz = slug, today, as_of, tz
        self.completed: list[ActionLine] = []
        self.updated: list[ActionLine] = []
        self.newly_overdue: list[ActionLine] = []
        self.due_soon: list[ActionLine] = []
        self.stale: list[ActionLine] = []
        self.ongoing: list[ActionLine] = []
        self.assurance: dict[str, list[ActionLine]] = defaultdict(list)

    def add(self, state: _State) -> None:
        self._activity(state)
        for mark in assurance_marks(state.row, state.status, state.week, today=self.today):
            self.assurance[mark].append(_line(state, self.slug, self.today, self.tz))
        if state.status is Status.COMPLETE:
            return
        due, line = state.due, _line(state, self.slug, self.today, self.tz)
        reasons = _needs(state, self.today, self.as_of)
        if "overdue" in reasons and due is not None and due >= self.today - PERIOD:
            self.newly_overdue.append(line)
        if "due_soon" in reasons:
            self.due_soon.append(line)
        if "stale" in reasons:
            self.stale.append(line)
        if state.row.target_kind == ONGOING and due is None:
            self.ongoing.append(line)

    def _activity(self, state: _State) -> None:
        people = [u for u in state.week if u.source != IMPORT]
        if not people:
            return
        completion = _completion(state)
        if completion is not None:
            line = _line(
                state,
                self.slug,
                self.today,
                self.tz,
                by=(completion.user_id,),
                updates=len(people),
                completed_on=completion.completed_on,
            )
            self.completed.append(line)
            return
        who = tuple(dict.fromkeys(u.user_id for u in people))
        self.updated.append(
            _line(state, self.slug, self.today, self.tz, by=who, updates=len(people))
        )


def _completion(state: _State) -> Update | None:
    """Return this week's update that completed the action, if it is complete now."""
    if state.status is not Status.COMPLETE or state.status_before is Status.COMPLETE:
        return None
    done = [
        u
        for u in state.week
        if u.status_after == Status.COMPLETE
        and u.status_before != Status.COMPLETE  # not a sign-off or a note on a complete action
        and u.source != IMPORT
    ]
    return done[-1] if done else None


def _tally(
    states: Iterable[_State], today: date, before_day: date
) -> tuple[Change, dict[Status, Change], Change]:
    now: dict[Status, int] = dict.fromkeys(Status, 0)
    then: dict[Status, int] = dict.fromkeys(Status, 0)
    overdue_now = overdue_then = total_then = total_now = 0
    for state in states:
        total_now += 1
        now[state.status] += 1
        overdue_now += is_overdue(state.status, state.due, today)
        if state.status_before is not None:
            total_then += 1
            then[state.status_before] += 1
            overdue_then += is_overdue(state.status_before, state.due_before, before_day)
    by_status = {status: Change(now[status], then[status]) for status in Status}
    return Change(total_now, total_then), by_status, Change(overdue_now, overdue_then)


def _agencies(
    states: list[_State], today: date, before_day: date, as_of: datetime
) -> list[AgencySummary]:
    grouped: dict[str, list[_State]] = defaultdict(list)
    for state in states:
        grouped[state.row.agency].append(state)
    out = []
    for code in sorted(grouped, key=str.lower):
        members = grouped[code]
        total, by_status, overdue = _tally(members, today, before_day)
        rag = dict.fromkeys(RAG_ORDER, 0)
        for state in members:
            rag[rag_for(state.status, overdue=is_overdue(state.status, state.due, today))] += 1
        reasons = [_needs(state, today, as_of) for state in members]
        out.append(
            AgencySummary(
                code=code,
                total=total,
                by_status=by_status,
                overdue=overdue,
                rag=rag,
                due_soon=sum("due_soon" in r for r in reasons),
                stale=sum("stale" in r for r in reasons),
            )
        )
    return out
