"""Recommendations across reviews: for recurring lessons and the board report's themes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from storage.models import Action, Recommendation


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
