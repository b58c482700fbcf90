"""What an evidence pack shows, as plain data: built by the caller, rendered by the pack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class PackEvidence:
    """One piece of evidence for an action: a file (kept or not), a link or a note."""

    kind: str
    description: str
    added_by: str
    added_on: date
    url: str | None = None
    stored_key: str | None = None
    filename: str | None = None
    sha256: str | None = None
    size: int | None = None
    note_if_not_copied: str | None = None


@dataclass(frozen=True)
class PackReprogramming:
    """A due date moved later: from, to, why, and who decided when."""

    from_date: date | None
    to_date: date | None
    reason: str
    decided_by: str | None = None
    decided_on: date | None = None


@dataclass(frozen=True)
class PackEvent:
    """One entry of an action's timeline: when, who, what."""

    when: datetime | date
    who: str
    what: str


@dataclass(frozen=True)
class PackAction:
    """An action as the pack shows it, with its history and evidence."""

    ref: str
    text: str
    lead_agency: str
    status_label: str
    rag: str
    delivering_agency: str | None = None
    owner: str | None = None
    target_text: str | None = None
    due_date: date | None = None
    original_due_date: date | None = None
    overdue: bool = False
    completed_on: date | None = None
    signed_off_on: date | None = None
    signed_off_by: str | None = None
    impact_statement: str | None = None
    reprogramming: tuple[PackReprogramming, ...] = ()
    timeline: tuple[PackEvent, ...] = ()
    evidence: tuple[PackEvidence, ...] = ()


@dataclass(frozen=True)
class PackRecommendation:
    """A recommendation, the partnership's decision on it, and its actions."""

    number: str
    text: str
    theme: str | None = None
    scope: str | None = None
    decision: str | None = None
    rationale: str | None = None
    actions: tuple[PackAction, ...] = ()


@dataclass(frozen=True)
class PackReview:
    """The review a pack is for, with its recommendations in plan order."""

    slug: str
    title: str
    partnership: str
    review_type: str
    published: date | None = None
    recommendations: tuple[PackRecommendation, ...] = field(default=())
