"""Which reviews an agency takes part in (need to know), and each review's protected names."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    String,
    bindparam,
    cast,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from storage.models import (
    Action,
    Agency,
    Evidence,
    ProtectedName,
    Recommendation,
    RecommendationDecision,
    ReviewAgency,
    Update,
)

_PLAIN_CODE = re.compile(r"[A-Za-z0-9_.-]+")  # written as-is inside a JSON string


_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
# An agency leads or delivers an action of the review, or a coordinator added it.
_LEADING_OR_ADDED = union(
    select(Action.review_id).where(
        or_(Action.lead_agency_id.in_(_IDS), Action.delivering_agency_id.in_(_IDS))
    ),
    select(ReviewAgency.review_id).where(ReviewAgency.agency_id.in_(_IDS)),
)
_CODES = select(Agency.code).where(Agency.id.in_(_IDS))


def reviews_taking_part(agency_ids: Iterable[int], *, session: Session) -> set[int]:
    """Return the ids of the reviews these agencies take part in: the one rule of who sees what.

    An agency takes part in a review when it leads or delivers an action in it, is named in
    the ownership of one of its recommendations, or a coordinator added it to the review.
    The statements are built once: this runs on every request.
    """
    ids = {"ids": sorted(set(agency_ids))}
    if not ids["ids"]:
        return set()
    found: set[int] = set(session.scalars(_LEADING_OR_ADDED, ids))
    # Ownership is a JSON list of agency codes: read it here rather than per database dialect.
    codes = set(session.scalars(_CODES, ids))
    if not codes:
        return found
    plain = all(_PLAIN_CODE.fullmatch(code) for code in codes)
    stmt = _named_in_ownership(bool(found), len(codes) if plain else 0)
    values: dict[str, object] = {
        f"code{i}": f'%"{_like_escaped(code)}"%' for i, code in enumerate(sorted(codes)) if plain
    }
    if found:
        values["seen"] = sorted(found)
    for review_id, ownership in session.execute(stmt, values):
        if codes.intersection(ownership or ()):
            found.add(review_id)
    return found


def _like_escaped(code: str) -> str:
    """Return `code` with LIKE's wildcards taken literally (escape character '/')."""
    return code.replace("/", "//").replace("%", "/%").replace("_", "/_")


@functools.lru_cache(maxsize=64)  # a shape per count of codes: a handful
def _named_in_ownership(skip_seen: bool, patterns: int) -> Executable:
    """Return the recommendations' ownership to read: those of reviews not yet seen, and with
    `patterns` codes, only rows whose JSON text may name one (every list pays for this
    read: it must not grow with the plan); the exact match is made by the caller.

    A code outside _PLAIN_CODE (0 patterns) could be escaped in the JSON text: every row is
    read then.
    """
    conditions: list[ColumnElement[bool]] = []
    if skip_seen:  # a review already seen needs no recommendation read
        conditions.append(Recommendation.review_id.not_in(bindparam("seen", expanding=True)))
    if patterns:
        text = cast(Recommendation.ownership, String)
        likes = (text.like(bindparam(f"code{i}"), escape="/") for i in range(patterns))
        conditions.append(or_(*likes))
    return select(Recommendation.review_id, Recommendation.ownership).where(*conditions)


def agencies_taking_part(review_ids: Iterable[int], *, session: Session) -> set[int]:
    """Return the ids of the agencies taking part in these reviews (the rule above, inverted)."""
    ids = sorted(set(review_ids))
    if not ids:
        return set()
    in_reviews = Action.review_id.in_(ids)
    found = set(
        session.scalars(
            union(
                select(Action.lead_agency_id).where(in_reviews),
                select(Action.delivering_agency_id).where(in_reviews),
                select(ReviewAgency.agency_id).where(ReviewAgency.review_id.in_(ids)),
            )
        )
    )
    codes: set[str] = set()
    stmt = select(Recommendation.ownership).where(Recommendation.review_id.in_(ids))
    for ownership in session.scalars(stmt):
        codes.update(ownership or ())
    if codes:
        found.update(session.scalars(select(Agency.id).where(Agency.code.in_(sorted(codes)))))
    return found


def typed_texts(review_id: int, *, session: Session) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for everything people typed into a review's record: update notes
    and impact statements, evidence descriptions, excerpts, links and file names (by action
    ref), and decisions' rationales ("recommendation N")."""
    updates = (
        select(Action.ref, Update.note, Update.impact)
        .join(Update, Update.action_id == Action.id)
        .where(Action.review_id == review_id)
        .execution_options(yield_per=500)
    )
    for ref, note, impact in session.execute(updates):
        for text in (note, impact):
            if text:
                yield ref, text
    evidence = (
        select(Action.ref, Evidence.description, Evidence.excerpt, Evidence.url, Evidence.file_name)
        .join(Evidence, Evidence.action_id == Action.id)
        .where(Action.review_id == review_id)
        .execution_options(yield_per=500)
    )
    for ref, *texts in session.execute(evidence):
        for text in texts:
            if text:
                yield ref, text
    decisions = (
        select(Recommendation.number, RecommendationDecision.rationale)
        .join(RecommendationDecision, RecommendationDecision.recommendation_id == Recommendation.id)
        .where(Recommendation.review_id == review_id)
    )
    for number, rationale in session.execute(decisions):
        if rationale:
            yield f"recommendation {number}", rationale


def added_agencies(review_id: int, *, session: Session) -> list[ReviewAgency]:
    """Return the agencies a coordinator added to a review."""
    stmt = select(ReviewAgency).where(ReviewAgency.review_id == review_id)
    return list(session.scalars(stmt.order_by(ReviewAgency.id)))


def add_agency(
    review_id: int, agency_id: int, *, added_by: str, now: datetime, session: Session
) -> bool:
    """Add an agency to a review; tell whether it was not there before."""
    if _added_agency(review_id, agency_id, session=session) is not None:
        return False
    session.add(
        ReviewAgency(review_id=review_id, agency_id=agency_id, added_by=added_by, added_at=now)
    )
    session.flush()
    return True


def remove_agency(review_id: int, agency_id: int, *, session: Session) -> bool:
    """Remove an agency a coordinator added to a review; tell whether it was there."""
    return _delete(_added_agency(review_id, agency_id, session=session), session=session)


def _added_agency(review_id: int, agency_id: int, *, session: Session) -> ReviewAgency | None:
    return session.scalar(
        select(ReviewAgency).where(
            ReviewAgency.review_id == review_id, ReviewAgency.agency_id == agency_id
        )
    )


def protected_names(review_ids: Iterable[int], *, session: Session) -> list[ProtectedName]:
    """Return the protected names of these reviews."""
    ids = sorted(set(review_ids))
    if not ids:
        return []
    stmt = select(ProtectedName).where(ProtectedName.review_id.in_(ids))
    return list(session.scalars(stmt.order_by(ProtectedName.id)))


def add_protected_name(
    review_id: int,
    name: str,
    pseudonym: str,
    *,
    added_by: str | None,
    now: datetime,
    session: Session,
) -> bool:
    """Keep a real name out of a review; tell whether it was new (the pseudonym is updated)."""
    existing = _protected_name(review_id, name, session=session)
    if existing is not None:
        existing.pseudonym = pseudonym or existing.pseudonym
        session.flush()
        return False
    session.add(
        ProtectedName(
            review_id=review_id, name=name, pseudonym=pseudonym, added_by=added_by, added_at=now
        )
    )
    session.flush()
    return True


def remove_protected_name(review_id: int, name: str, *, session: Session) -> bool:
    """Stop protecting a name in a review; tell whether it was protected."""
    return _delete(_protected_name(review_id, name, session=session), session=session)


def _protected_name(review_id: int, name: str, *, session: Session) -> ProtectedName | None:
    return session.scalar(
        select(ProtectedName).where(
            ProtectedName.review_id == review_id, ProtectedName.name == name
        )
    )


def _delete(row: ReviewAgency | ProtectedName | None, *, session: Session) -> bool:
    """Delete the row if there is one; tell whether there was."""
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
