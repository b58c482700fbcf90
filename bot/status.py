"""Action statuses: stored values, labels and RAG colours (docs/statuses.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    """The stored status of an action."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """Return the label people read."""
        return _LABELS[self]

    @property
    def rag(self) -> str:
        """Return the RAG colour name of the status (overdue is decided elsewhere)."""
        return _RAG[self]


_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.IN_PROGRESS: "In progress",
    Status.AT_RISK: "At risk",
    Status.BLOCKED: "Blocked",
    Status.COMPLETE: "Complete",
}

_RAG = {
    Status.NOT_STARTED: "grey",
    Status.IN_PROGRESS: "green",
    Status.AT_RISK: "amber",
    Status.BLOCKED: "red",
    Status.COMPLETE: "blue",
}

# Fill colours for exports and charts, one per RAG name.
RAG_HEX = {
    "grey": "#9E9E9E",
    "green": "#2E7D32",
    "amber": "#F9A825",
    "red": "#C62828",
    "blue": "#1565C0",
}

RAG_EMOJI = {
    "grey": ":white_circle:",
    "green": ":large_green_circle:",
    "amber": ":large_orange_circle:",
    "red": ":red_circle:",
    "blue": ":large_blue_circle:",
}


def rag_for(status: Status, *, overdue: bool) -> str:
    """Return the RAG colour of an action: red whenever it is overdue."""
    return "red" if overdue and status is not Status.COMPLETE else status.rag


def is_overdue(status: str, due_date: date | None, today: date) -> bool:
    """Tell whether an action is overdue: its due date has passed and it is not complete."""
    return due_date is not None and due_date < today and status != Status.COMPLETE


def attention(
    status: str,
    due_date: date | None,
    last_activity: datetime | None,
    created_at: datetime,
    *,
    today: date,
    as_of: datetime,
    soon: timedelta,
    stale_after: timedelta,
) -> tuple[str, ...]:
    """Return why an action needs someone, most pressing first: overdue, due_soon, stale.

    Shared by the weekly summary and the reminders so that both apply one rule. An action
    never updated by a person is stale from its creation, so a fresh import is not.
    """
    if status == Status.COMPLETE:
        return ()
    reasons: list[str] = []
    if is_overdue(status, due_date, today):
        reasons.append("overdue")
    elif due_date is not None and due_date <= today + soon:
        reasons.append("due_soon")
    if (last_activity or created_at) <= as_of - stale_after:
        reasons.append("stale")
    return tuple(reasons)
