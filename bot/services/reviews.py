"""Coordinators' settings of a review: the agencies added to it and its protected names."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import NotFound, UserFacingError
from bot.permissions import Operation
from bot.roles import authorize
from bot.safety.sensitive import ProtectedName, holds_name
from bot.services.context import ServiceContext
from storage.models import Review
from storage.repositories import access, people, reviews

logger = logging.getLogger(__name__)

NAME_LIMIT = 200


@dataclass(frozen=True)
class NamesGlance:
    """A review's protected names as a coordinator may see them: initials only."""

    slug: str
    initials: tuple[tuple[str, str], ...]  # (initials of the name, pseudonym)


@dataclass(frozen=True)
class Protected:
    """A name protected: whether it is new, and the refs whose record already holds it."""

    added: bool
    slug: str
    held: tuple[tuple[str, int], ...]  # (action ref or "recommendation N", how many texts)


def _ref_order(item: tuple[str, int]) -> tuple[int, ...]:
    """Actions by ref ("1.2" before "1.10"), then the recommendations' decisions by number."""
    where = item[0]
    if where.startswith("recommendation"):
        return (10**9, int(where.split()[-1]))
    return tuple(int(part) if part.isdigit() else 0 for part in where.split("."))


def initials(name: str) -> str:
    """Return a name's initials (`J. S.`): enough to tell names apart, not to read them."""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part)


class ReviewService:
    """Who takes part in a review besides its agencies' actions, and the names kept out of it."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _review(self, user_id: str, slug: str, session: Session) -> Review:
        authorize(self.ctx.actor(user_id, session=session), Operation.MANAGE_PEOPLE)
        review = reviews.get_review(slug.strip().lower(), session=session)
        if review is None:
            known = ", ".join(r.slug for r in reviews.list_reviews(session=session))
            raise NotFound(f"There is no review with that name. Reviews: {known or 'none yet'}.")
        return review

    def set_agency(self, user_id: str, slug: str, code: str, *, add: bool) -> tuple[str, bool]:
        """Add an agency to a review, or remove one added (coordinators only)."""
        with self.ctx.db.uow() as session:
            review = self._review(user_id, slug, session)
            agency = people.get_agency(code, session=session)
            if agency is None:
                known = ", ".join(a.code for a in people.list_agencies(session=session))
                raise NotFound(f"There is no agency with that code. Agencies: {known or 'none'}.")
            if add:
                changed = access.add_agency(
                    review.id, agency.id, added_by=user_id, now=self.ctx.clock(), session=session
                )
            else:
                changed = access.remove_agency(review.id, agency.id, session=session)
            logger.info(
                "agency %s %s review %s by %s",
                agency.id,
                "added to" if add else "removed from",
                review.id,
                user_id,
            )
            return agency.code, changed

    def agencies(self, user_id: str, slug: str) -> tuple[str, list[str]]:
        """Return the codes of the agencies a coordinator added to a review."""
        with self.ctx.db.uow() as session:
            review = self._review(user_id, slug, session)
            added = access.added_agencies(review.id, session=session)
            codes = {a.id: a.code for a in people.list_agencies(session=session)}
            return review.slug, [codes[row.agency_id] for row in added]

    def protect_name(self, user_id: str, slug: str, name: str, pseudonym: str) -> Protected:
        """Keep a real name out of a review (coordinators only); the name is never logged.

        The record is append-only, so what was typed before stays: the answer names the
        actions whose record already holds the name, for a coordinator to deal with.
        """
        name = " ".join(name.split()).strip("\"“”'‘’ ")
        pseudonym = " ".join(pseudonym.split())
        if (
            not any(c.isalpha() for c in name)
            or len(name) > NAME_LIMIT
            or len(pseudonym) > NAME_LIMIT
        ):
            raise UserFacingError(
                f"Give the name in quotes, at most {NAME_LIMIT} characters: "
                '`/dhr names SLUG add "Real Name" as Pseudonym`.'
            )
        if holds_name(pseudonym, [ProtectedName(name)]):
            raise UserFacingError(
                "The pseudonym must not hold the real name or a part of it: it is what people "
                'write instead, e.g. `/dhr names SLUG add "Real Name" as Adult A`.'
            )
        with self.ctx.db.uow() as session:
            review = self._review(user_id, slug, session)
            added = access.add_protected_name(
                review.id, name, pseudonym, added_by=user_id, now=self.ctx.clock(), session=session
            )
            logger.info("protected name set on review %s by %s", review.id, user_id)
            names = [ProtectedName(name)]
            held = Counter(
                ref
                for ref, text in access.typed_texts(review.id, session=session)
                if holds_name(text, names)
            )
            return Protected(added, review.slug, tuple(sorted(held.items(), key=_ref_order)))

    def unprotect_name(self, user_id: str, slug: str, name: str) -> bool:
        """Stop protecting a name in a review (coordinators only)."""
        with self.ctx.db.uow() as session:
            review = self._review(user_id, slug, session)
            removed = access.remove_protected_name(
                review.id, " ".join(name.split()), session=session
            )
            logger.info("protected name removed from review %s by %s", review.id, user_id)
            return removed

    def names(self, user_id: str, slug: str) -> NamesGlance:
        """Return a review's protected names as initials with their pseudonyms."""
        with self.ctx.db.uow() as session:
            review = self._review(user_id, slug, session)
            rows = access.protected_names([review.id], session=session)
            return NamesGlance(
                review.slug, tuple((initials(row.name), row.pseudonym) for row in rows)
            )
