"""Plain snapshots of actions for rendering, made inside a unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.assurance_state import Signoff, assured_rag
from bot.clock import local_day
from bot.dates.assurance_periods import DEFAULT_MONTHS, assurance_overdue
from bot.language import ProposedUpdate
from bot.permissions import Actor
from bot.status import Status, is_overdue, rag_for
from storage.models import Action, Evidence, Update


@dataclass(frozen=True)
class ActionView:
    """An action as shown to people; no session needed to read it."""

    id: int
    review: str
    ref: str
    text: str
    agency: str
    agency_id: int
    owner_id: str | None
    status: Status
    rag: str
    overdue: bool
    due_date: date | None
    target_text: str
    target_flag: str | None
    completed_on: date | None
    recommendation: int
    # The agency doing the work; `agency` is the accountable lead agency.
    delivering: str = ""
    delivering_id: int = 0

    @property
    def delivered_elsewhere(self) -> bool:
        """Tell whether another agency than the lead agency delivers the action."""
        return bool(self.delivering) and self.delivering_id != self.agency_id

    signoff: str | None = None  # "awaiting" or "signed_off" on a complete action
    signed_off_on: date | None = None
    signed_off_by: str | None = None
    impact_missing: bool = False  # complete, awaiting sign-off, no impact statement
    assurance_overdue: bool = False  # Ongoing, no statement for the last completed period
    original_due_date: date | None = None
    times_reprogrammed: int = 0
    proposed_due_date: date | None = None  # set only in the reply to the update proposing it

    @property
    def full_ref(self) -> str:
        """Return the ref unique across reviews, like `lily:1.2`."""
        return f"{self.review}:{self.ref}"


def view_of(action: Action, today: date, period_months: int = DEFAULT_MONTHS) -> ActionView:
    """Snapshot an action (its review and agency must be loaded)."""
    status = Status(action.status)
    overdue = is_overdue(action.status, action.due_date, today)
    late_assurance = (
        action.target_kind == "ongoing"
        and status is not Status.COMPLETE
        and assurance_overdue(
            last_assured_on=action.last_assured_on,
            created_on=action.created_at.date(),
            today=today,
            months=period_months,
        )
    )
    return ActionView(
        id=action.id,
        review=action.review.slug,
        ref=action.ref,
        text=action.text,
        agency=action.lead_agency.code,
        agency_id=action.lead_agency_id,
        owner_id=action.owner_id,
        status=status,
        rag=assured_rag(rag_for(status, overdue=overdue), action.signoff, late_assurance),
        overdue=overdue,
        due_date=action.due_date,
        target_text=action.target_text,
        target_flag=action.target_flag,
        completed_on=action.completed_on,
        recommendation=action.recommendation.number,
        delivering=action.delivering_agency.code,
        delivering_id=action.delivering_agency_id,
        signoff=action.signoff if status is Status.COMPLETE else None,
        signed_off_on=action.signed_off_on,
        signed_off_by=action.signed_off_by,
        impact_missing=status is Status.COMPLETE
        and action.signoff == Signoff.AWAITING
        and not (action.impact or "").strip(),
        assurance_overdue=late_assurance,
        original_due_date=action.original_due_date,
        times_reprogrammed=action.times_reprogrammed or 0,
    )


def attention_order(view: ActionView) -> tuple[int, date, str, tuple[int, ...]]:
    """Sort key: overdue first, then open by due date, complete last."""
    rank = 0 if view.overdue else (2 if view.status is Status.COMPLETE else 1)
    due = view.due_date or date.max
    return rank, due, view.review, tuple(int(p) for p in view.ref.split(".") if p.isdigit())


@dataclass(frozen=True)
class ActionPage:
    """One page of a list of actions, with the whole list's counts."""

    views: tuple[ActionView, ...]
    total: int
    overdue: int
    page: int = 0
    pages: int = 1


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


@dataclass(frozen=True)
class AgencyView:
    """An agency with its people, for `/dhr agency CODE`."""

    code: str
    name: str
    leads: tuple[str, ...]
    members: tuple[str, ...]
    actions: ActionPage


@dataclass(frozen=True)
class ReviewGlance:
    """A review's counts by status, for App Home."""

    slug: str
    title: str
    counts: dict[str, int]
    overdue: int
    total: int


@dataclass(frozen=True)
class HomeData:
    """What App Home shows one person."""

    actor: Actor
    mine: ActionPage  # the first page of what they own
    agency: ActionPage  # the first page of their agencies' other actions
    reviews: tuple[ReviewGlance, ...]
    coordinators: tuple[str, ...]
    awaiting: tuple[ActionView, ...] = ()  # coordinators: completions to sign off or return
    proposals: tuple[ProposalView, ...] = ()  # coordinators: re-programmings to decide


@dataclass(frozen=True)
class ProposalView:
    """A re-programming waiting for a coordinator."""

    update_id: int
    action: ActionView
    proposed_by: str
    new_due_date: date
    reason: str
