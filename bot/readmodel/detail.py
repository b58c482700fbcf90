"""An action's detail: its history, evidence, re-programmings and assurance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import local_day
from bot.readmodel.actions import ActionView
from storage.models import Evidence, Update


@dataclass(frozen=True)
class HistoryEntry:
    """One update as shown in an action's detail."""

    at: datetime
    on: date  # the day it happened in the partnership's time zone
    user_id: str
    source: str
    status_before: str | None
    status_after: str
    note: str
    new_due_date: date | None
    completed_on: date | None


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence as shown in an action's detail."""

    kind: str
    url: str | None
    file_name: str | None
    excerpt: str | None
    description: str
    added_by: str
    at: datetime
    on: date


@dataclass(frozen=True)
class ActionDetail:
    """An action with its plan text, history and evidence."""

    action: ActionView
    recommendation_text: str
    milestones: tuple[str, ...]
    outcome: str
    history: tuple[HistoryEntry, ...]
    evidence: tuple[EvidenceView, ...]
    assurance: AssuranceDetail | None = None


@dataclass(frozen=True)
class Slip:
    """One re-programming of an action's target, as `/dhr show` lists it."""

    on: date
    by: str
    before: date | None
    after: date | None
    reason: str
    state: str  # "applied", "proposed", "approved" or "declined"
    decided_by: str | None = None
    proposal_id: int | None = None


@dataclass(frozen=True)
class AssuranceDetail:
    """What `/dhr show` adds for assurance: sign-off, impact, slips, the decision."""

    impact: str | None
    completed_by: str | None
    slips: tuple[Slip, ...]
    pending_proposal: int | None
    decision: str | None  # "agreed", "partly" or "not"
    rationale: str
    last_assured_on: date | None


def history_entry(update: Update, tz: ZoneInfo) -> HistoryEntry:
    """Snapshot an update, dated in the partnership's time zone."""
    return HistoryEntry(
        at=update.created_at,
        on=local_day(update.created_at, tz),
        user_id=update.user_id,
        source=update.source,
        status_before=update.status_before,
        status_after=update.status_after,
        note=update.note,
        new_due_date=update.new_due_date,
        completed_on=update.completed_on,
    )


def evidence_view(evidence: Evidence, tz: ZoneInfo) -> EvidenceView:
    """Snapshot a piece of evidence, dated in the partnership's time zone."""
    return EvidenceView(
        kind=evidence.kind,
        url=evidence.url,
        file_name=evidence.file_name,
        excerpt=evidence.excerpt,
        description=evidence.description,
        added_by=evidence.added_by,
        at=evidence.created_at,
        on=local_day(evidence.created_at, tz),
    )
