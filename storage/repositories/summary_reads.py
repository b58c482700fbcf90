"""What the weekly summary and reminders read: actions as they stood, and the week's updates.

Each read is one query however many reviews it covers, so a week's run stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import Action, Agency, Evidence, Membership, Review, Update

IMPORT_SOURCE = "import"


def reviews_in_scope(slug: str | None, *, session: Session) -> list[Review]:
    """Return every review by slug, or the one with this slug."""
    stmt = select(Review).order_by(Review.slug)
    if slug is not None:
        stmt = stmt.where(Review.slug == slug)
    return list(session.scalars(stmt))


def _status_at(moment: datetime) -> Any:
    return (
        select(Update.status_after)
        .where(Update.action_id == Action.id, Update.created_at <= moment)
        .order_by(Update.created_at.desc(), Update.id.desc())
        .limit(1)
        .correlate(Action)
        .scalar_subquery()
    )


def _last_activity(moment: datetime) -> Any:
    return (
        select(func.max(Update.created_at))
        .where(
            Update.action_id == Action.id,
            Update.source != IMPORT_SOURCE,
            Update.created_at <= moment,
        )
        .correlate(Action)
        .scalar_subquery()
    )


def _evidence_count(moment: datetime) -> Any:
    return (
        select(func.count(Evidence.id))
        .where(Evidence.action_id == Action.id, Evidence.created_at <= moment)
        .correlate(Action)
        .scalar_subquery()
    )


def action_rows(
    review_ids: Sequence[int], *, as_of: datetime, week_ago: datetime, session: Session
) -> list[Row[Any]]:
    """Return each action existing at `as_of`, with its status then and a week before (1 query)."""
    if not review_ids:
        return []
    stmt = (
        select(
            Action.id,
            Action.review_id,
            Action.ref,
            Action.text,
            Action.owner_id,
            Action.status,
            Action.due_date,
            Action.target_kind,
            Action.created_at,
            Action.signoff,
            Action.last_assured_on,
            Agency.code.label("agency"),
            _status_at(as_of).label("status_now"),
            _status_at(week_ago).label("status_before"),
            _last_activity(as_of).label("last_activity"),
            _evidence_count(as_of).label("evidence"),
        )
        # An action counts once, under the agency doing it (the delivering agency).
        .join(Agency, Agency.id == Action.delivering_agency_id)
        .where(Action.review_id.in_(review_ids), Action.created_at <= as_of)
        .order_by(Action.review_id, Action.position, Action.id)
    )
    return list(session.execute(stmt))


def updates_since(review_ids: Sequence[int], since: datetime, *, session: Session) -> list[Update]:
    """Return every update after `since` on these reviews' actions, oldest first, in one query."""
    if not review_ids:
        return []
    stmt = (
        select(Update)
        .join(Action, and_(Action.id == Update.action_id, Action.review_id.in_(review_ids)))
        .where(Update.created_at > since)
        .order_by(Update.created_at, Update.id)
    )
    return list(session.scalars(stmt))


def open_owned_rows(*, as_of: datetime, session: Session) -> list[Row[Any]]:
    """Return every open action that has an owner, with its last non-import update, in one query."""
    stmt = (
        _open_rows(Action.owner_id, as_of=as_of)
        .where(Action.owner_id.is_not(None))
        .order_by(Action.owner_id, Action.due_date, Review.slug, Action.position, Action.id)
    )
    return list(session.execute(stmt))


def open_unowned_rows(*, as_of: datetime, session: Session) -> list[Row[Any]]:
    """Return every open action without an owner once per lead of its delivering agency.

    The row's `owner_id` is that lead: nobody owns the action yet, so the agency doing it is
    reminded (one query).
    """
    stmt = (
        _open_rows(Membership.user_id, as_of=as_of)
        .join(
            Membership,
            and_(Membership.agency_id == Action.delivering_agency_id, Membership.role == "lead"),
        )
        .where(Action.owner_id.is_(None))
        .order_by(Membership.user_id, Action.due_date, Review.slug, Action.position, Action.id)
    )
    return list(session.execute(stmt))


def _open_rows(owner: InstrumentedAttribute[Any], *, as_of: datetime) -> Select[Any]:
    """Select the open actions' reminder columns, `owner` as the person reminded."""
    return (
        select(
            Action.id,
            Action.ref,
            Action.text,
            owner.label("owner_id"),
            Action.status,
            Action.due_date,
            Action.created_at,
            Review.slug.label("review"),
            _last_activity(as_of).label("last_activity"),
        )
        .join(Review, Review.id == Action.review_id)
        .where(Action.status != "complete")
    )
