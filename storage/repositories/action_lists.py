"""Lists of actions paged, ordered and counted in SQL: every list costs O(page), not O(actions).

Every list a person sees (`/dhr mine`, `overdue`, `due`, `agency`, the Home sections, the
evidence picker's search) is built on ONE base query, `listable`, plus one condition per
list. Who may see what (need to know: the reviews the viewer may see) is decided in
`listable`, and what "an agency's actions" means (leading or delivering) in `of_agencies`.

A condition is a `Where`: the SQL's shape, written with bound parameters and built once
per shape, and this list's values. Building a statement costs more than the database
takes to run it, so each shape of count and page is built on first use and kept
(`_statement`); a call only binds its values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Select,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    true,
)
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
# Each field of ListedAction and the column it is read from, matched by name, not position.
_LISTED_COLUMNS = {
    "id": Action.id,
    "review_slug": Review.slug,
    "ref": Action.ref,
    "text": Action.text,
    "lead_code": Agency.code,
    "lead_agency_id": Action.lead_agency_id,
    "delivering_code": _DELIVERING.code,
    "delivering_agency_id": Action.delivering_agency_id,
    "owner_id": Action.owner_id,
    "status": Action.status,
    "due_date": Action.due_date,
    "target_text": Action.target_text,
    "target_kind": Action.target_kind,
    "target_flag": Action.target_flag,
    "completed_on": Action.completed_on,
    "recommendation_number": Recommendation.number,
    "signoff": Action.signoff,
    "signed_off_on": Action.signed_off_on,
    "signed_off_by": Action.signed_off_by,
    "impact": Action.impact,
    "original_due_date": Action.original_due_date,
    "times_reprogrammed": Action.times_reprogrammed,
    "last_assured_on": Action.last_assured_on,
    "created_at": Action.created_at,
}


@dataclass(frozen=True)
class Counts:
    """How many actions a whole list holds, and how many of them are overdue."""

    total: int
    overdue: int


# The names of the values a list binds.
USER, AGENCIES, REVIEWS = "user", "agencies", "reviews"
TODAY, FIRST, LAST = "today", "first", "last"
OFFSET, LIMIT = "offset", "limit"


@dataclass(frozen=True, eq=False)  # two conditions are alike by shape and values, not by ==
class Where:
    """A list's condition: its SQL shape (`key`, `build`) and the values this list binds."""

    key: str
    build: Callable[[], ColumnElement[bool]] = field(compare=False, repr=False)
    values: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __and__(self, other: Where) -> Where:
        return Where(
            f"({self.key} and {other.key})",
            lambda: and_(self.build(), other.build()),
            _merged(self.values, other.values),
        )

    def __or__(self, other: Where) -> Where:
        return Where(
            f"({self.key} or {other.key})",
            lambda: or_(self.build(), other.build()),
            _merged(self.values, other.values),
        )


def _merged(first: Mapping[str, Any], second: Mapping[str, Any]) -> dict[str, Any]:
    clash = {name for name in first.keys() & second.keys() if first[name] != second[name]}
    if clash:  # two conditions binding one name to different values: a programming error
        raise ValueError(f"conditions bind {sorted(clash)} to different values")
    return {**first, **second}


def _ids(name: str) -> BindParameter[Any]:
    return bindparam(name, expanding=True)


def listable(viewer: Viewer, where: Where) -> Select[Any]:
    """Return the base query of every list: the actions `viewer` may list that match `where`.

    Need to know is decided here, so that every list, count and search obeys it: outside
    the reviews the viewer may see there is nothing to list (`values_of` binds them).
    """
    stmt = select(Action)
    if viewer.review_ids is not None:
        stmt = stmt.where(Action.review_id.in_(_ids(REVIEWS)))
    return stmt.where(where.build())


def values_of(viewer: Viewer, where: Where, **more: Any) -> dict[str, Any]:
    """Return every value a list's statement binds: the viewer's reviews and the condition's."""
    values: dict[str, Any] = {**where.values, **more}
    if viewer.review_ids is not None:
        values[REVIEWS] = sorted(viewer.review_ids)
    return values


def _shape(viewer: Viewer, where: Where, *rest: object) -> tuple[object, ...]:
    return (where.key, viewer.review_ids is None, *rest)


_STATEMENTS: dict[tuple[object, ...], Executable] = {}


def _statement(key: tuple[object, ...], build: Callable[[], Executable]) -> Executable:
    """Return the statement of this shape, built on first use (shapes are few and fixed)."""
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = build()
    return found


def of_agencies(agency_ids: Iterable[int]) -> Where:
    """Return the condition "an action of these agencies": accountable for it or delivering it."""
    return Where(
        "agencies",
        lambda: or_(
            Action.lead_agency_id.in_(_ids(AGENCIES)),
            Action.delivering_agency_id.in_(_ids(AGENCIES)),
        ),
        {AGENCIES: sorted(set(agency_ids))},
    )


def _late() -> ColumnElement[bool]:
    """Open and due before the bound `today` (bot.status.is_overdue in SQL)."""
    return and_(
        Action.status != COMPLETE, Action.due_date.is_not(None), Action.due_date < bindparam(TODAY)
    )


def overdue_on(today: date) -> Where:
    """Return the condition "open and due before `today`"."""
    return Where("overdue", _late, {TODAY: today})


def owned_by(user_id: str) -> Where:
    """Return the condition "the action is owned by `user_id`"."""
    return Where("owned", lambda: Action.owner_id == bindparam(USER), {USER: user_id})


def not_owned_by(user_id: str) -> Where:
    """Return the condition "the action is not owned by `user_id`" (unowned included)."""
    return Where(
        "not owned",
        lambda: or_(Action.owner_id.is_(None), Action.owner_id != bindparam(USER)),
        {USER: user_id},
    )


def mine(viewer: Viewer) -> Where:
    """Return `/dhr mine`: what the viewer owns, and their agencies' if they lead any."""
    if viewer.lead_of:
        return owned_by(viewer.user_id) | of_agencies(viewer.lead_of)
    return owned_by(viewer.user_id)


def due_between(first: date, last: date) -> Where:
    """Return the condition "open and due from `first` to `last`, both included"."""
    return Where(
        "due",
        lambda: and_(
            Action.status != COMPLETE,
            Action.due_date >= bindparam(FIRST),
            Action.due_date <= bindparam(LAST),
        ),
        {FIRST: first, LAST: last},
    )


def anything() -> Where:
    """Return the condition that holds for every action."""
    return Where("anything", true)


def attention_order() -> tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]:
    """Return ORDER BY terms: overdue (on the bound `today`), then open by due date, complete
    last; then plan order."""
    rank = case(
        (_late(), 0),
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


def count(viewer: Viewer, where: Where, *, today: date, session: Session) -> Counts:
    """Count a list's actions and its overdue ones, in one query."""

    def build() -> Executable:
        late = case((_late(), 1), else_=0)
        return listable(viewer, where).with_only_columns(
            func.count(), func.coalesce(func.sum(late), 0)
        )

    stmt = _statement(_shape(viewer, where, "count"), build)
    total, overdue = session.execute(stmt, values_of(viewer, where, today=today)).one()
    return Counts(int(total), int(overdue))


def page(
    viewer: Viewer,
    where: Where,
    *,
    today: date,
    offset: int,
    limit: int | None,
    session: Session,
) -> list[ListedAction]:
    """Return one page of a list in attention order, with its review's and agencies' codes."""

    def build() -> Executable:
        order = attention_order()
        # Pick the page's ids first, then read those rows with what they show: the database
        # sorts bare action rows, not every matching row joined to three tables.
        ids = (
            listable(viewer, where)
            .with_only_columns(Action.id)
            .join(Action.review)
            .order_by(*order)
            .offset(bindparam(OFFSET))
        )
        if limit is not None:
            ids = ids.limit(bindparam(LIMIT))
        return (
            select(*(column.label(name) for name, column in _LISTED_COLUMNS.items()))
            .join(Review, Review.id == Action.review_id)
            .join(Recommendation, Recommendation.id == Action.recommendation_id)
            .join(Agency, Agency.id == Action.lead_agency_id)
            .join(_DELIVERING, _DELIVERING.id == Action.delivering_agency_id)
            .where(Action.id.in_(ids.scalar_subquery()))
            .order_by(*order)
        )

    stmt = _statement(_shape(viewer, where, "page", limit is None), build)
    values = values_of(viewer, where, today=today, offset=offset)
    if limit is not None:
        values[LIMIT] = limit
    return [ListedAction(**row._mapping) for row in session.execute(stmt, values)]


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
    where = anything() if everything else owned_by(viewer.user_id) | of_agencies(viewer.member_of)
    stmt = _with_shown_rows(listable(viewer, where))
    needle = text.strip().lower()
    if needle:
        slug, _, ref = needle.rpartition(":")
        by_ref = Action.ref.startswith(ref, autoescape=True)
        if slug:
            by_ref = by_ref & (Review.slug == slug)
        stmt = stmt.where(or_(by_ref, func.lower(Action.text).contains(needle, autoescape=True)))
    stmt = stmt.order_by(Review.slug, Action.recommendation_id, Action.position).limit(limit)
    return list(session.scalars(stmt, values_of(viewer, where)))
