"""Agencies, their members, and coordinators."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session, joinedload

from storage.models import Agency, Coordinator, Membership


def get_agency(code: str, *, session: Session) -> Agency | None:
    """Return the agency with this code, ignoring case."""
    return session.scalar(select(Agency).where(Agency.code.ilike(code)))


def list_agencies(*, session: Session) -> list[Agency]:
    """Return every agency, by code."""
    return list(session.scalars(select(Agency).order_by(Agency.code)))


def agency_codes(agency_ids: Iterable[int], *, session: Session) -> list[str]:
    """Return the codes of these agencies, sorted."""
    stmt = select(Agency.code).where(Agency.id.in_(list(agency_ids))).order_by(Agency.code)
    return list(session.scalars(stmt))


def memberships_of(user_id: str, *, session: Session) -> list[Membership]:
    """Return a user's memberships with their agencies loaded."""
    stmt = (
        select(Membership)
        .options(joinedload(Membership.agency))
        .where(Membership.user_id == user_id)
        .order_by(Membership.id)
    )
    return list(session.scalars(stmt))


def roles_of(user_id: str, *, session: Session) -> list[tuple[int, str]]:
    """Return (agency id, role) for each of a user's memberships: who they are, read lean."""
    return [(agency_id, role) for agency_id, role in session.execute(_ROLES, {"user": user_id})]


def members_of(agency_id: int, *, session: Session) -> list[Membership]:
    """Return an agency's memberships, leads first."""
    stmt = (
        select(Membership)
        .where(Membership.agency_id == agency_id)
        .order_by(Membership.role, Membership.user_id)
    )
    return list(session.scalars(stmt))


def set_membership(
    agency: Agency,
    user_id: str,
    role: str,
    *,
    added_by: str | None,
    now: datetime,
    session: Session,
) -> Membership:
    """Add a user to an agency, or change their role there."""
    membership = session.scalar(
        select(Membership).where(Membership.agency_id == agency.id, Membership.user_id == user_id)
    )
    if membership is None:
        membership = Membership(
            agency=agency, user_id=user_id, role=role, added_by=added_by, added_at=now
        )
        session.add(membership)
    else:
        membership.role = role
    session.flush()
    return membership


def remove_membership(agency_id: int, user_id: str, *, session: Session) -> bool:
    """Remove a user from an agency; tell whether they were in it."""
    result = session.execute(
        delete(Membership).where(Membership.agency_id == agency_id, Membership.user_id == user_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# Read on every request (who is asking): built once, bound per call.
_COORDINATORS = select(Coordinator.user_id).order_by(Coordinator.user_id)
_ROLES = select(Membership.agency_id, Membership.role).where(
    Membership.user_id == bindparam("user")
)


def coordinator_ids(*, session: Session) -> list[str]:
    """Return the user ids of coordinators added in Slack."""
    return list(session.scalars(_COORDINATORS))


def add_coordinator(user_id: str, *, added_by: str | None, now: datetime, session: Session) -> bool:
    """Make a user a coordinator; tell whether they were not one already."""
    if session.get(Coordinator, user_id) is not None:
        return False
    session.add(Coordinator(user_id=user_id, added_by=added_by, added_at=now))
    session.flush()
    return True


def remove_coordinator(user_id: str, *, session: Session) -> bool:
    """Remove a coordinator added in Slack; tell whether they were one."""
    result = session.execute(delete(Coordinator).where(Coordinator.user_id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
