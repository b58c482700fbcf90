"""What the weekly summary says about a review: the shapes the messages and the chart read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.status import Status

RAG_ORDER = ("blue", "green", "amber", "red", "grey")


@dataclass(frozen=True)
class Change:
    """A count now and the same count a week earlier."""

    now: int
    before: int

    @property
    def delta(self) -> int:
        """Return how much the count moved over the week."""
        return self.now - self.before


@dataclass(frozen=True)
class ActionLine:
    """One action as a summary lists it."""

    action_id: int
    ref: str
    full_ref: str
    text: str
    agency: str
    owner_id: str | None
    status: Status
    due_date: date | None
    overdue: bool
    last_update_on: date | None  # the local day of the last update by a person
    evidence_count: int
    by: tuple[str, ...] = ()  # who completed or updated it this week
    updates: int = 0  # non-import updates this week
    completed_on: date | None = None


@dataclass(frozen=True)
class AgencySummary:
    """One agency's counts within a review."""

    code: str
    total: Change
    by_status: dict[Status, Change]
    overdue: Change
    rag: dict[str, int]
    due_soon: int
    stale: int


@dataclass(frozen=True)
class ReviewSummary:
    """Everything the weekly summary says about one review."""

    review_id: int
    slug: str
    title: str
    partnership: str
    as_of: datetime
    today: date
    period_start: date
    week_start: date
    total: Change
    by_status: dict[Status, Change]
    overdue: Change
    completed: list[ActionLine] = field(default_factory=list)
    updated: list[ActionLine] = field(default_factory=list)
    newly_overdue: list[ActionLine] = field(default_factory=list)
    due_soon: list[ActionLine] = field(default_factory=list)
    stale: list[ActionLine] = field(default_factory=list)
    ongoing: list[ActionLine] = field(default_factory=list)
    agencies: list[AgencySummary] = field(default_factory=list)
    # Assurance: keyed by bot.weekly.assurance_week's list names.
    assurance: dict[str, list[ActionLine]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Return the marker that identifies this summary's message for its week."""
        return f"dhr-summary:{self.slug}:{self.week_start.isoformat()}"
