"""Lessons made before: a new plan's recommendations that resemble earlier reviews' ones."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.services.pack_data import assurance_of
from bot.status import Status
from bot.themes import similar
from storage.models import Action, Recommendation
from storage.repositories import lessons

MAX_MATCHES = 3


def _state(action: Action, *, session: Session) -> str:
    if assurance_of(action, session=session, decision=False).signed_off_on is not None:
        return "signed off"
    return Status(action.status).label.lower()


def _made_before(earlier: Recommendation, *, session: Session) -> str:
    review = earlier.review
    actions = (
        ", ".join(f"action {a.ref}, {_state(a, session=session)}" for a in earlier.actions)
        or f"recommendation {earlier.number}, no actions"
    )
    return f"review {review.slug} “{review.title}” ({review.type}; {actions})"


def recurring_lessons(review_id: int, *, session: Session) -> list[str]:
    """Return one sentence per recommendation of the review that an earlier review made too."""
    earlier = {
        str(rec.id): rec
        for rec in lessons.recommendations(exclude_review=review_id, session=session)
    }
    if not earlier:
        return []
    texts = {key: rec.text for key, rec in earlier.items()}
    found: list[str] = []
    for rec in lessons.of_review(review_id, session=session):
        for match in similar(rec.text, texts)[:MAX_MATCHES]:
            before = earlier[match.candidate_id]
            found.append(
                f"recommendation {rec.number}: this lesson was made before in "
                f"{_made_before(before, session=session)} — similarity {match.score:.0f}/100"
            )
    return found
