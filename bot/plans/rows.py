"""The plan's rows: one action with its current state, read once for every export format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.assurance_state import assured_rag
from bot.clock import local_day
from bot.dates.assurance_periods import assurance_overdue
from bot.plans.export_columns import CSV_COLUMNS
from bot.plans.values import value_text
from bot.status import Status, is_overdue, rag_for
from storage.models import Action, RecommendationDecision, Review, Update
from storage.repositories import actions as action_repo
from storage.repositories import assurance as assurance_repo
from storage.repositories import reviews

__all__ = ["CSV_COLUMNS", "PlanRow", "UnknownReview", "csv_values", "day_month_year", "plan_rows"]


class UnknownReview(LookupError):
    """No review has that slug."""


@dataclass(frozen=True)
class PlanRow:
    """One action with its current state, ready for any output format."""

    review: str
    ref: str
    recommendation: int
    action: str
    lead_agency: str
    owner: str
    target_text: str
    due_date: date | None
    status: str
    rag: str
    overdue: bool
    completed_on: date | None
    last_update_at: date | None  # the day, in the partnership's time zone
    last_update_note: str
    outcome_note: str  # the note of the update that completed it
    evidence_count: int
    recommendation_text: str
    theme: str
    scope: str
    milestones: tuple[str, ...]
    outcome: str
    target_flag: str | None
    signed_off_on: date | None = None
    signed_off_by: str = ""  # a user id, or "plan" for the plan's own "Implemented"
    original_due_date: date | None = None
    times_reprogrammed: int = 0
    last_assured_on: date | None = None
    impact_statement: str = ""
    recommendation_decision: str = ""  # agreed, partly_agreed or not_agreed
    decision_rationale: str = ""
    signoff: str | None = None
    delivering_agency: str = ""  # the agency doing it; lead_agency stays accountable

    @property
    def status_label(self) -> str:
        """Return the status as people read it, "Overdue" included."""
        label = Status(self.status).label
        return f"{label} (overdue)" if self.overdue else label

    def completion_outcome(self) -> str:
        """Return the plan's "Completion date/Outcome" cell, filled from the updates."""
        if self.status == Status.COMPLETE:
            when = (
                f"Completed {day_month_year(self.completed_on)}"
                if self.completed_on
                else (
                    f"Recorded in the plan as {self.target_text!r}"
                    if self.target_text
                    else "Completed"
                )
            )
            return f"{when}{self._signed_off()}. {self.outcome_note}".strip()
        text = f"{self.status_label} ({self.rag.upper()})"
        if self.last_update_at is not None:
            text += f"; last update {self.last_update_at.isoformat()}"
            if self.last_update_note:
                text += f": {self.last_update_note}"
        return text

    def _signed_off(self) -> str:
        if self.signoff != "signed_off":
            return ""
        when = f" {day_month_year(self.signed_off_on)}" if self.signed_off_on else ""
        by = "the plan" if self.signed_off_by == "plan" else self.signed_off_by
        return f"; signed off{when} by {by}"


def day_month_year(day: date) -> str:
    """Format a date as the published plan does: 3 Mar 2023."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class _History:
    latest: dict[int, Update]
    completing: dict[int, Update]
    evidence: dict[int, int]
    tz: ZoneInfo
    decisions: dict[int, RecommendationDecision]


def plan_rows(review_slug: str, *, session: Session, now: datetime, tz: ZoneInfo) -> list[PlanRow]:
    """Return one row per action of a review, in plan order, with a constant number of queries."""
    review = reviews.get_review(review_slug, session=session)
    if review is None:
        raise UnknownReview(review_slug)
    actions = action_repo.for_review(review.id, session=session)
    ids = [action.id for action in actions]
    history = _History(
        latest=action_repo.latest_updates(ids, session=session),
        completing=action_repo.completing_updates(ids, session=session),
        evidence=action_repo.evidence_counts(ids, session=session),
        tz=tz,
        decisions=assurance_repo.latest_decisions(
            sorted({action.recommendation_id for action in actions}), session=session
        ),
    )
    today = local_day(now, tz)
    return [_row(review, action, history, today) for action in actions]


def _row(review: Review, action: Action, history: _History, today: date) -> PlanRow:
    latest = history.latest.get(action.id)
    completing = history.completing.get(action.id)
    overdue = is_overdue(action.status, action.due_date, today)
    rec = action.recommendation
    decision = history.decisions.get(rec.id)
    signoff = action.signoff if action.status == Status.COMPLETE else None
    late = (
        action.target_kind == "ongoing"
        and action.status != Status.COMPLETE
        and assurance_overdue(
            last_assured_on=action.last_assured_on,
            created_on=action.created_at.date(),
            today=today,
        )
    )
    return PlanRow(
        review=review.slug,
        ref=action.ref,
        recommendation=rec.number,
        action=action.text,
        lead_agency=action.lead_agency.code,
        owner=action.owner_id or "",
        target_text=action.target_text,
        due_date=action.due_date,
        status=action.status,
        rag=assured_rag(rag_for(Status(action.status), overdue=overdue), signoff, late),
        overdue=overdue,
        completed_on=action.completed_on,
        last_update_at=local_day(latest.created_at, history.tz) if latest else None,
        last_update_note=latest.note if latest else "",
        outcome_note=completing.note if completing else "",
        evidence_count=history.evidence.get(action.id, 0),
        recommendation_text=rec.text,
        theme=rec.theme,
        scope=rec.scope,
        milestones=tuple(action.milestones),
        outcome=action.outcome,
        target_flag=action.target_flag,
        signed_off_on=action.signed_off_on if signoff else None,
        signed_off_by=_signer(action.signed_off_by) if signoff == "signed_off" else "",
        original_due_date=action.original_due_date,
        times_reprogrammed=action.times_reprogrammed or 0,
        last_assured_on=action.last_assured_on,
        impact_statement=(action.impact or "") if signoff else "",
        recommendation_decision=decision.decision if decision else "",
        decision_rationale=decision.rationale if decision else "",
        signoff=signoff,
        delivering_agency=action.delivering_agency.code,
    )


def _signer(user_id: str | None) -> str:
    return "plan" if user_id in (None, "import") else str(user_id)


def csv_values(row: PlanRow) -> list[str]:
    """Return a row's cells in the order of CSV_COLUMNS, as text."""
    return [value_text(getattr(row, name)) for name in CSV_COLUMNS]
