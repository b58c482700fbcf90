"""What `/dhr update` starts from, and what changed since a person looked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import local_day
from bot.language import ProposedUpdate
from bot.readmodel.actions import ActionView
from storage.models import Update


@dataclass(frozen=True)
class UpdateStart:
    """What `/dhr update` needs: the action, and the proposal read from the text if any.

    `seen` is the action's version (its newest update's id): a form or proposal built from
    this start carries it, and its Save is refused if the action changed since.
    """

    action: ActionView
    proposal: ProposedUpdate | None
    seen: int = 0
    impact: str = ""  # the text after "impact:" or "result:", kept out of the note


@dataclass(frozen=True)
class Change:
    """An update someone stored after the version a person was looking at."""

    user_id: str
    at: datetime
    on: date
    status_before: str | None
    status_after: str
    new_due_date: date | None
    completed_on: date | None
    owner_after: str | None


def change_of(update: Update, tz: ZoneInfo) -> Change:
    """Snapshot an update as a change someone else made."""
    return Change(
        user_id=update.user_id,
        at=update.created_at.astimezone(tz),
        on=local_day(update.created_at, tz),
        status_before=update.status_before,
        status_after=update.status_after,
        new_due_date=update.new_due_date,
        completed_on=update.completed_on,
        owner_after=update.owner_after,
    )


@dataclass(frozen=True)
class Recheck:
    """A submitted form checked against the action now, before it is acknowledged."""

    already_saved: bool
    changes: tuple[Change, ...]
    current: UpdateStart
