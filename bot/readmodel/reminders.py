"""One line of an owner's weekly reminder, and why it is there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
