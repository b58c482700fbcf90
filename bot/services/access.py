"""Need to know: which reviews a caller may see, decided once per unit of work.

Coordinators see every review. A lead or member of an agency sees a review only while
their agency takes part in it (`storage.repositories.access.reviews_taking_part`).
Everyone else sees none. A review the caller may not see is answered exactly like one
that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotFound
from bot.permissions import Actor
from bot.safety.sensitive import ProtectedName, find_sensitive
from storage.models import Action, Review
from storage.repositories import access
from storage.repositories import actions as action_repo
from storage.repositories import reviews as review_repo

GONE = "That action no longer exists."


@dataclass(frozen=True)
class Visible:
    """The reviews one caller may see; `review_ids` None means every review (coordinators)."""

    review_ids: frozenset[int] | None

    def review(self, review_id: int) -> bool:
        """Tell whether the caller may see this review."""
        return self.review_ids is None or review_id in self.review_ids

    def actions(self, actions: Iterable[Action]) -> list[Action]:
        """Keep the actions of reviews the caller may see."""
        return [a for a in actions if self.review(a.review_id)]

    def reviews(self, reviews: Iterable[Review]) -> list[Review]:
        """Keep the reviews the caller may see."""
        return [r for r in reviews if self.review(r.id)]


def visible_reviews(actor: Actor, *, session: Session) -> Visible:
    """Return the reviews `actor` may see: all for coordinators, else their agencies' reviews."""
    if actor.coordinator:
        return Visible(None)
    if not actor.registered:
        return Visible(frozenset())
    return Visible(frozenset(access.reviews_taking_part(actor.member_of, session=session)))


def visible_action(action_id: int, visible: Visible, *, session: Session) -> Action:
    """Return an action by id (from a button or form) if the caller may see it."""
    action = action_repo.get_action(action_id, session=session)
    if action is None or not visible.review(action.review_id):
        raise NotFound(GONE)
    return action


def visible_review(slug: str, visible: Visible, *, session: Session) -> Review | None:
    """Return the review with this slug if the caller may see it, else None."""
    review = review_repo.get_review(slug.strip().lower(), session=session)
    return review if review is not None and visible.review(review.id) else None


def names_for(review_id: int, *, session: Session) -> list[ProtectedName]:
    """Return a review's protected names as the detectors take them."""
    return [
        ProtectedName(row.name, row.pseudonym)
        for row in access.protected_names([review_id], session=session)
    ]


def refuse_sensitive(
    fields: dict[str, str | None] | Sequence[tuple[str, str | None]],
    names: Sequence[ProtectedName],
) -> None:
    """Raise InvalidInput on the first field holding a protected name or an identifier."""
    items = fields.items() if isinstance(fields, dict) else fields
    for field, text in items:
        finding = find_sensitive(text or "", names)
        if finding is not None:
            raise InvalidInput({field: finding.message})


def sensitive_fields(
    fields: dict[str, str | None], names: Sequence[ProtectedName]
) -> dict[str, str]:
    """Return field → message for every field holding a protected name or an identifier."""
    found: dict[str, str] = {}
    for field, text in fields.items():
        finding = find_sensitive(text or "", names)
        if finding is not None:
            found[field] = finding.message
    return found
