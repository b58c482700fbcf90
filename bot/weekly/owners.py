"""What each owner needs to look at this week: the lines of their reminder DM."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.clock import local_day
from bot.weekly.compute import needs
from storage.repositories import summary_reads


@dataclass(frozen=True)
class ReminderLine:
    """One action in an owner's reminder and why it is there."""

    action_id: int
    full_ref: str
    text: str
    due_date: date | None
    reason: str  # overdue, due_soon, stale; assurance_due, assurance_overdue; escalated
    last_update_on: date | None  # the local day of the last update (or statement) by a person
    owner_id: str | None = None  # set on an escalated line: whose action it is
    reminders: int = 0  # escalated: weekly reminders since the last update


def reminder_lists(
    *, session: Session, now: datetime, tz: ZoneInfo
) -> dict[str, list[ReminderLine]]:
    """Return, per owner, the open actions that need them (overdue, due soon or stale).

    An action nobody owns yet goes to the leads of the agency delivering it.
    """
    today = local_day(now, tz)
    owners: dict[str, list[ReminderLine]] = defaultdict(list)
    rows = summary_reads.open_owned_rows(as_of=now, session=session)
    rows += summary_reads.open_unowned_rows(as_of=now, session=session)
    for row in rows:
        reasons = needs(
            row.status, row.due_date, row.last_activity, row.created_at, today=today, as_of=now
        )
        if reasons:
            reason = reasons[0]
            owners[row.owner_id].append(
                ReminderLine(
                    row.id,
                    f"{row.review}:{row.ref}",
                    row.text,
                    row.due_date,
                    reason,
                    local_day(row.last_activity, tz) if row.last_activity else None,
                )
            )
    return dict(owners)
