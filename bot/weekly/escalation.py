"""What the weekly message adds for assurance: statements to give, and drifting actions.

An owner of an Ongoing action is asked for its statement in the period's last month (and
told when it is overdue). An action overdue or without an update for 28 days, whose owner
has had two weekly reminders since its last update, is listed to its agency's leads;
after four, to the coordinators too. Acknowledging stops it until the action changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import local_day, week_start
from bot.dates.assurance_periods import assurance_overdue, statement_due
from bot.readmodel.reminders import ReminderLine
from bot.weekly.compute import needs
from storage.models import Action, Review
from storage.repositories import assurance as repo
from storage.repositories import people, summary_reads

TO_LEADS = 2
TO_COORDINATORS = 4


def statement_lines(
    *, session: Session, now: datetime, tz: ZoneInfo, months: int
) -> dict[str, list[ReminderLine]]:
    """Return, per owner, the Ongoing actions whose assurance statement is due or overdue."""
    today = local_day(now, tz)
    stmt = (
        select(Action, Review.slug)
        .join(Review, Review.id == Action.review_id)
        .where(
            Action.target_kind == "ongoing",
            Action.status != "complete",
            Action.owner_id.is_not(None),
        )
        .order_by(Review.slug, Action.position, Action.id)
    )
    owners: dict[str, list[ReminderLine]] = defaultdict(list)
    for action, slug in session.execute(stmt):
        late = assurance_overdue(
            last_assured_on=action.last_assured_on,
            created_on=action.created_at.date(),
            today=today,
            months=months,
        )
        due = statement_due(last_assured_on=action.last_assured_on, today=today, months=months)
        if late or due:
            owners[str(action.owner_id)].append(
                ReminderLine(
                    action.id,
                    f"{slug}:{action.ref}",
                    action.text,
                    action.due_date,
                    "assurance_overdue" if late else "assurance_due",
                    action.last_assured_on,
                )
            )
    return dict(owners)


def _unchanged_weeks(weeks: Iterable[date], since: date, this_week: date) -> int:
    """Count earlier weeks whose reminder went out after the last change (its Monday onwards)."""
    return sum(1 for week in weeks if week >= since and week < this_week)


def escalation_lines(
    *, session: Session, now: datetime, tz: ZoneInfo, coordinators: Iterable[str]
) -> dict[str, list[ReminderLine]]:
    """Return, per lead or coordinator, the drifting actions to list in their weekly message."""
    today = local_day(now, tz)
    this_week = week_start(today)
    rows = [
        row
        for row in summary_reads.open_owned_rows(as_of=now, session=session)
        if {"overdue", "stale"}
        & set(
            needs(
                row.status, row.due_date, row.last_activity, row.created_at, today=today, as_of=now
            )
        )
    ]
    ids = [row.id for row in rows]
    weeks = repo.reminder_weeks(ids, session=session)
    acks = repo.acknowledged(ids, session=session)
    found = session.execute(select(Action.id, Action.lead_agency_id).where(Action.id.in_(ids)))
    agency_of = {action_id: agency_id for action_id, agency_id in found}
    leads: dict[int, list[str]] = {}
    out: dict[str, list[ReminderLine]] = defaultdict(list)
    for row in rows:
        changed: datetime = row.last_activity or row.created_at
        count = _unchanged_weeks(weeks.get(row.id, []), local_day(changed, tz), this_week)
        if count < TO_LEADS:
            continue
        agency = agency_of[row.id]
        if agency not in leads:
            leads[agency] = [
                m.user_id for m in people.members_of(agency, session=session) if m.role == "lead"
            ]
        told = set(leads[agency]) | (set(coordinators) if count >= TO_COORDINATORS else set())
        for person in sorted(told - {row.owner_id}):
            acked = acks.get((row.id, person))
            if acked is not None and acked >= changed:
                continue
            out[person].append(
                ReminderLine(
                    row.id,
                    f"{row.review}:{row.ref}",
                    row.text,
                    row.due_date,
                    "escalated",
                    local_day(row.last_activity, tz) if row.last_activity else None,
                    owner_id=row.owner_id,
                    reminders=count,
                )
            )
    return dict(out)
