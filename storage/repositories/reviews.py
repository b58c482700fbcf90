"""Reviews and their recommendations."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Recommendation, Review


def get_review(slug: str, *, session: Session) -> Review | None:
    """Return the review with this slug."""
    return session.scalar(select(Review).where(Review.slug == slug))


def list_reviews(*, session: Session) -> list[Review]:
    """Return every review, by slug."""
    return list(session.scalars(select(Review).order_by(Review.slug)))


def slugs_of(review_ids: Iterable[int], *, session: Session) -> list[str]:
    """Return the slugs of these reviews, sorted."""
    stmt = select(Review.slug).where(Review.id.in_(list(review_ids))).order_by(Review.slug)
    return list(session.scalars(stmt))


def get_recommendation(review_id: int, number: int, *, session: Session) -> Recommendation | None:
    """Return a review's recommendation by number."""
    return session.scalar(
        select(Recommendation).where(
            Recommendation.review_id == review_id, Recommendation.number == number
        )
    )
