"""Recommendations across reviews: for recurring lessons and the board report's themes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from storage.models import Action, Recommendation, Update
from storage.repositories.actions import loaded


def recommendations(*, exclude_review: int | None = None, session: Session) -> list[Recommendation]:
    """Return every recommendation (but those of one review) with its review and actions."""
    stmt = select(Recommendation).options(
        joinedload(Recommendation.review),
        selectinload(Recommendation.actions).joinedload(Action.lead_agency),
    )
    if exclude_review is not None:
        stmt = stmt.where(Recommendation.review_id != exclude_review)
    return list(session.scalars(stmt.order_by(Recommendation.review_id, Recommendation.number)))


def of_review(review_id: int, *, session: Session) -> list[Recommendation]:
    """Return one review's recommendations in plan order."""
    stmt = (
        select(Recommendation)
        .where(Recommendation.review_id == review_id)
        .order_by(Recommendation.number)
    )
    return list(session.scalars(stmt))


def all_actions(*, session: Session) -> list[Action]:
    """Return every action with its review, agency and recommendation, in plan order."""
    stmt = loaded().order_by(Action.review_id, Action.position, Action.id)
    return list(session.scalars(stmt))


def status_history(
    *, session: Session
) -> list[tuple[int, datetime, str, date | None, date | None]]:
    """Return (action id, when, status after, due before, new due) of every update, in order."""
    stmt = select(
        Update.action_id,
        Update.created_at,
        Update.status_after,
        Update.due_date_before,
        Update.new_due_date,
    ).order_by(Update.action_id, Update.created_at, Update.id)
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]
