"""Lists of actions paged, ordered and counted in SQL: every list costs O(page), not O(actions).

Every list a person sees (`/dhr mine`, `overdue`, `due`, `agency`, the Home sections, the
evidence picker's search) is built on ONE base query, `listable`, plus one condition per
list. Who may see what (need to know: the reviews the viewer may see) is decided in
`listable`, and what "an agency's actions" means (leading or delivering) in `of_agencies`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased, contains_eager, joinedload

from storage.models import Action, Agency, ListedAction, Recommendation, Review

COMPLETE = "complete"


@dataclass(frozen=True)
class Viewer:
    """Who is listing: what the base query needs to know about them."""

    user_id: str
    coordinator: bool = False
    lead_of: frozenset[int] = field(default_factory=frozenset)
    member_of: frozenset[int] = field(default_factory=frozenset)
    # The reviews the viewer may see (bot.services.access.visible_reviews); None: every one.
    review_ids: frozenset[int] | None = None


_DELIVERING = aliased(Agency)
_LISTED_COLUMNS = (
    Action.id,
    Review.slug,
    Action.ref,
    Action.text,
    Agency.code,
    Action.lead_agency_id,
    _DELIVERING.code,
    Action.delivering_agency_id,
    Action.owner_id,
    Action.status,
    Action.due_date,
    Action.target_text,
    Action.target_kind,
    Action.target_flag,
    Action.completed_on,
    Recommendation.number,
    Action.signoff,
    Action.signed_off_on,
    Action.signed_off_by,
    Action.impact,
    Action.original_due_date,
    Action.times_reprogrammed,
    Action.last_assured_on,
    Action.created_at,
)


@dataclass(frozen=True)
class Counts:
    """How many actions a whole list holds, and how many of them are overdue."""

    total: int
    overdue: int


def listable(viewer: Viewer, *conditions: ColumnElement[bool]) -> Select[Action]:
    """Return the base query of every list: the actions `viewer` may list that match `conditions`.

    Need to know is decided here, so that every list, count and search obeys it: outside
    the reviews the viewer may see there is nothing to list.
    """
    stmt = select(Action)
    if viewer.review_ids is not None:
        seen = sorted(viewer.review_ids)
        stmt = stmt.where(Action.review_id.in_(seen) if seen else false())
    return stmt.where(*conditions)


def of_agencies(agency_ids: Iterable[int]) -> ColumnElement[bool]:
    """Return the condition "an action of these agencies": accountable for it or delivering it."""
    ids = sorted(agency_ids)
    if not ids:
        return false()
    return or_(Action.lead_agency_id.in_(ids), Action.delivering_agency_id.in_(ids))


def overdue_on(today: date) -> ColumnElement[bool]:
    """Return the condition "open and due before `today`" (bot.status.is_overdue in SQL)."""
    return and_(Action.status != COMPLETE, Action.due_date.is_not(None), Action.due_date < today)


def owned_by(user_id: str) -> ColumnElement[bool]:
    """Return the condition "the action is owned by `user_id`"."""
    return Action.owner_id == user_id


def not_owned_by(user_id: str) -> ColumnElement[bool]:
    """Return the condition "the action is not owned by `user_id`" (unowned included)."""
    return or_(Action.owner_id.is_(None), Action.owner_id != user_id)


def mine(viewer: Viewer) -> ColumnElement[bool]:
    """Return `/dhr mine`: what the viewer owns, and their agencies' if they lead any."""
    if viewer.lead_of:
        return or_(owned_by(viewer.user_id), of_agencies(viewer.lead_of))
    return owned_by(viewer.user_id)


def due_between(first: date, last: date) -> ColumnElement[bool]:
    """Return the condition "open and due from `first` to `last`, both included"."""
    return and_(Action.status != COMPLETE, Action.due_date >= first, Action.due_date <= last)


def anything() -> ColumnElement[bool]:
    """Return the condition that holds for every action."""
    return true()


def attention_order(today: date) -> tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]:
    """Return ORDER BY terms: overdue, then open by due date, complete last; then plan order."""
    rank = case(
        (overdue_on(today), 0),
        (Action.status == COMPLETE, 2),
        else_=1,
    )
    # Action.position is the plan's order within a review (recommendation, then action).
    return (
        rank,
        case((Action.due_date.is_(None), 1), else_=0),
        Action.due_date,
        Review.slug,
        Action.position,
        Action.id,
    )


def count(
    viewer: Viewer, condition: ColumnElement[bool], *, today: date, session: Session
) -> Counts:
    """Count a list's actions and its overdue ones, in one query."""
    late = case((overdue_on(today), 1), else_=0)
    stmt = listable(viewer, condition).with_only_columns(
        func.count(), func.coalesce(func.sum(late), 0)
    )
    total, overdue = session.execute(stmt).one()
    return Counts(int(total), int(overdue))


def page(
    viewer: Viewer,
    condition: ColumnElement[bool],
    *,
    today: date,
    offset: int,
    limit: int | None,
    session: Session,
) -> list[ListedAction]:
    """Return one page of a list in attention order, with its review's and agencies' codes."""
    order = attention_order(today)
    # Pick the page's ids first, then read those rows with what they show: the database
    # sorts bare action rows, not every matching row joined to three tables.
    ids = (
        listable(viewer, condition)
        .with_only_columns(Action.id)
        .join(Action.review)
        .order_by(*order)
        .offset(offset)
    )
    if limit is not None:
        ids = ids.limit(limit)
    stmt = (
        select(*_LISTED_COLUMNS)
        .join(Review, Review.id == Action.review_id)
        .join(Recommendation, Recommendation.id == Action.recommendation_id)
        .join(Agency, Agency.id == Action.lead_agency_id)
        .join(_DELIVERING, _DELIVERING.id == Action.delivering_agency_id)
        .where(Action.id.in_(ids.scalar_subquery()))
        .order_by(*order)
    )
    return [ListedAction._make(row) for row in session.execute(stmt)]


def _with_shown_rows(stmt: Select[Any]) -> Select[Any]:
    """Join and load the review and agencies every listed action is shown with."""
    return (
        stmt.join(Action.review)
        .join(Action.recommendation)
        .join(Action.lead_agency)
        .options(
            contains_eager(Action.review),
            contains_eager(Action.recommendation),
            contains_eager(Action.lead_agency),
            joinedload(Action.delivering_agency),
        )
    )


def search(
    viewer: Viewer,
    text: str,
    *,
    everything: bool,
    limit: int,
    session: Session,
) -> list[Action]:
    """Return up to `limit` actions matching typed text (a ref or words), in plan order.

    With `everything` every listable action is searched (coordinators); otherwise only those
    the viewer owns or that belong to their agencies.
    """
    condition = (
        anything() if everything else or_(owned_by(viewer.user_id), of_agencies(viewer.member_of))
    )
    stmt = _with_shown_rows(listable(viewer, condition))
    needle = text.strip().lower()
    if needle:
        slug, _, ref = needle.rpartition(":")
        by_ref = Action.ref.startswith(ref, autoescape=True)
        if slug:
            by_ref = by_ref & (Review.slug == slug)
        stmt = stmt.where(or_(by_ref, func.lower(Action.text).contains(needle, autoescape=True)))
    stmt = stmt.order_by(Review.slug, Action.recommendation_id, Action.position).limit(limit)
    return list(session.scalars(stmt))
