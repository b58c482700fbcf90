"""What each owner needs to look at this week: the lines of their reminder DM."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.clock import local_day
from bot.readmodel.reminders import ReminderLine
from bot.weekly.compute import needs
from storage.repositories import summary_reads


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
