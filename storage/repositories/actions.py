"""Actions: lookups by ref, lists for people and agencies, and their history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, joinedload

from storage.models import Action, Evidence, Recommendation, Review, Update

COMPLETE = "complete"


def loaded() -> Select[Action]:
    """Select actions with their review, agencies and recommendation loaded alongside."""
    return select(Action).options(
        joinedload(Action.review),
        joinedload(Action.lead_agency),
        joinedload(Action.delivering_agency),
        joinedload(Action.recommendation),
    )


def get_action(action_id: int, *, session: Session) -> Action | None:
    """Return an action by id with its review, agency and recommendation loaded."""
    return session.scalar(loaded().where(Action.id == action_id))


def lock_action(action_id: int, *, session: Session) -> Action | None:
    """Return an action locked for this transaction (FOR UPDATE), re-read from the database."""
    # Writers that decide from the row's state (status_before, a version check) queue here;
    # SQLite ignores FOR UPDATE and is serialised by Database.uow(write=True) instead.
    stmt = (
        loaded()
        .where(Action.id == action_id)
        .with_for_update(of=Action)
        .execution_options(populate_existing=True)
    )
    return session.scalar(stmt)


def find_by_ref(ref: str, *, review_slug: str | None, session: Session) -> list[Action]:
    """Return the actions with this ref, in one review or in every review."""
    stmt = loaded().join(Action.review).where(Action.ref == ref)
    if review_slug is not None:
        stmt = stmt.where(Review.slug == review_slug)
    return list(session.scalars(stmt.order_by(Review.slug)))


def all_refs(*, session: Session) -> list[tuple[str, str]]:
    """Return (review slug, ref) for every action, for suggesting close matches."""
    stmt = select(Review.slug, Action.ref).join(Action.review).order_by(Review.slug, Action.id)
    return [(slug, ref) for slug, ref in session.execute(stmt)]


def owned_refs(user_id: str, *, session: Session) -> list[tuple[int, str, str]]:
    """Return (review id, review slug, ref) of every action `user_id` owns, in plan order."""
    stmt = (
        select(Action.review_id, Review.slug, Action.ref)
        .join(Action.review)
        .where(Action.owner_id == user_id)
        .order_by(Review.slug, Action.position, Action.id)
    )
    return [(review_id, slug, ref) for review_id, slug, ref in session.execute(stmt)]


def for_review(review_id: int, *, session: Session) -> list[Action]:
    """Return a review's actions in plan order."""
    stmt = (
        loaded()
        .join(Action.recommendation)
        .where(Action.review_id == review_id)
        .order_by(Recommendation.number, Action.position, Action.id)
    )
    return list(session.scalars(stmt))


def history(action_id: int, *, session: Session) -> list[Update]:
    """Return an action's updates, oldest first."""
    stmt = (
        select(Update).where(Update.action_id == action_id).order_by(Update.created_at, Update.id)
    )
    return list(session.scalars(stmt))


def delivering_set_by_person(review_id: int, *, session: Session) -> set[int]:
    """Return the ids of a review's actions whose delivering agency someone (not an import)
    has chosen."""
    stmt = (
        select(Update.action_id)
        .join(Action, Action.id == Update.action_id)
        .where(
            Action.review_id == review_id,
            Update.delivering_after.is_not(None),
            Update.source != "import",
        )
        .distinct()
    )
    return set(session.scalars(stmt))


def evidence_of(action_id: int, *, session: Session) -> list[Evidence]:
    """Return an action's evidence, oldest first."""
    stmt = select(Evidence).where(Evidence.action_id == action_id).order_by(Evidence.id)
    return list(session.scalars(stmt))


def _newest(
    action_ids: Sequence[int], *conditions: ColumnElement[bool], session: Session
) -> dict[int, Update]:
    newest = (
        select(Update.action_id, func.max(Update.id).label("update_id"))
        .where(Update.action_id.in_(action_ids), *conditions)
        .group_by(Update.action_id)
        .subquery()
    )
    stmt = select(Update).join(newest, Update.id == newest.c.update_id)
    return {update.action_id: update for update in session.scalars(stmt)}


def latest_updates(action_ids: Sequence[int], *, session: Session) -> dict[int, Update]:
    """Return each action's latest progress update (not the import, not an assignment)."""
    if not action_ids:
        return {}
    return _newest(
        action_ids,
        Update.source != "import",
        Update.owner_after.is_(None),
        Update.delivering_after.is_(None),
        session=session,
    )


def completing_updates(action_ids: Sequence[int], *, session: Session) -> dict[int, Update]:
    """Return, per action, the latest update that marked it complete: its note is the outcome."""
    if not action_ids:
        return {}
    moved = or_(Update.status_before.is_(None), Update.status_before != COMPLETE)
    return _newest(action_ids, Update.status_after == COMPLETE, moved, session=session)


def evidence_counts(action_ids: Sequence[int], *, session: Session) -> dict[int, int]:
    """Return how many pieces of evidence each action has, in one query."""
    if not action_ids:
        return {}
    stmt = (
        select(Evidence.action_id, func.count(Evidence.id))
        .where(Evidence.action_id.in_(action_ids))
        .group_by(Evidence.action_id)
    )
    return {action_id: count for action_id, count in session.execute(stmt)}


def status_counts(today: date, *, session: Session) -> list[tuple[int, str, int, int]]:
    """Return (review id, status, actions, overdue) for every review and status, in one query."""
    overdue = func.sum(case((and_(Action.status != COMPLETE, Action.due_date < today), 1), else_=0))
    stmt = select(Action.review_id, Action.status, func.count(Action.id), overdue).group_by(
        Action.review_id, Action.status
    )
    return [
        (rid, status, count, int(late or 0)) for rid, status, count, late in session.execute(stmt)
    ]
