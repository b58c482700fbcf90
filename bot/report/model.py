"""What the board report shows, as plain data: gathered by the services, rendered here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SeriesPoint:
    """How many of a review's actions were in each RAG band at the end of one day."""

    day: date
    rag: dict[str, int]


@dataclass(frozen=True)
class ReviewLine:
    """One open review: counts by status, assurance figures, and its status over the period."""

    slug: str
    title: str
    review_type: str
    total: int
    by_status: dict[str, int]  # status label → count
    overdue: int
    signed_off_pct: float
    reprogrammed: int
    average_slip_days: float
    series: tuple[SeriesPoint, ...] = ()


@dataclass(frozen=True)
class ThemeItem:
    """A recommendation under a theme: which review, which number, its text and progress."""

    review: str
    number: int
    text: str
    progress: str


@dataclass(frozen=True)
class OverdueLine:
    """An overdue action: where, what, who leads, and how long overdue."""

    review: str
    ref: str
    text: str
    lead_agency: str
    due_date: date
    days_overdue: int


@dataclass(frozen=True)
class BoardReport:
    """The board report over a period, as of its last day."""

    start: date
    end: date
    reviews: tuple[ReviewLine, ...] = ()
    themes: dict[str, tuple[ThemeItem, ...]] = field(default_factory=dict)
    overdue: tuple[OverdueLine, ...] = ()
