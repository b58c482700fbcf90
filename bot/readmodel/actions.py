"""An action as people see it: its snapshot, the order lists show it in, a page of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.assurance_state import Signoff, assured_rag
from bot.dates.assurance_periods import DEFAULT_MONTHS, assurance_overdue
from bot.status import Status, is_overdue, rag_for
from storage.models import Action, ListedAction


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
    return view_of_listed(listed(action), today, period_months)


def listed(action: Action) -> ListedAction:
    """Return what a list shows of an action loaded through the ORM."""
    return ListedAction(
        id=action.id,
        review_slug=action.review.slug,
        ref=action.ref,
        text=action.text,
        lead_code=action.lead_agency.code,
        lead_agency_id=action.lead_agency_id,
        delivering_code=action.delivering_agency.code,
        delivering_agency_id=action.delivering_agency_id,
        owner_id=action.owner_id,
        status=action.status,
        due_date=action.due_date,
        target_text=action.target_text,
        target_kind=action.target_kind,
        target_flag=action.target_flag,
        completed_on=action.completed_on,
        recommendation_number=action.recommendation.number,
        signoff=action.signoff,
        signed_off_on=action.signed_off_on,
        signed_off_by=action.signed_off_by,
        impact=action.impact,
        original_due_date=action.original_due_date,
        times_reprogrammed=action.times_reprogrammed,
        last_assured_on=action.last_assured_on,
        created_at=action.created_at,
    )


def view_of_listed(
    row: ListedAction, today: date, period_months: int = DEFAULT_MONTHS
) -> ActionView:
    """Snapshot one listed row (a page read in SQL, or an ORM action through `listed`)."""
    status = Status(row.status)
    overdue = is_overdue(row.status, row.due_date, today)
    late_assurance = (
        row.target_kind == "ongoing"
        and status is not Status.COMPLETE
        and assurance_overdue(
            last_assured_on=row.last_assured_on,
            created_on=row.created_at.date(),
            today=today,
            months=period_months,
        )
    )
    return ActionView(
        id=row.id,
        review=row.review_slug,
        ref=row.ref,
        text=row.text,
        agency=row.lead_code,
        agency_id=row.lead_agency_id,
        owner_id=row.owner_id,
        status=status,
        rag=assured_rag(rag_for(status, overdue=overdue), row.signoff, late_assurance),
        overdue=overdue,
        due_date=row.due_date,
        target_text=row.target_text,
        target_flag=row.target_flag,
        completed_on=row.completed_on,
        recommendation=row.recommendation_number,
        delivering=row.delivering_code,
        delivering_id=row.delivering_agency_id,
        signoff=row.signoff if status is Status.COMPLETE else None,
        signed_off_on=row.signed_off_on,
        signed_off_by=row.signed_off_by,
        impact_missing=status is Status.COMPLETE
        and row.signoff == Signoff.AWAITING
        and not (row.impact or "").strip(),
        assurance_overdue=late_assurance,
        original_due_date=row.original_due_date,
        times_reprogrammed=row.times_reprogrammed or 0,
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
    # The ids of the shown actions the viewer may update: only those get an Update button.
    updatable: frozenset[int] = frozenset()
