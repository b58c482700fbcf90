"""An action as people see it: its snapshot, the order lists show it in, a page of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.assurance_state import Signoff, assured_rag
from bot.dates.assurance_periods import DEFAULT_MONTHS, assurance_overdue
from bot.status import Status, is_overdue, rag_for
from storage.models import Action


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
