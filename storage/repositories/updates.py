"""Updates looked up by the Save that made them, or by what came after a version."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Update


def by_request(request_id: str, *, session: Session) -> Update | None:
    """Return the update a Save button's request id stored, if any."""
    return session.scalar(select(Update).where(Update.request_id == request_id))


def latest_id(action_id: int, *, session: Session) -> int:
    """Return the id of the action's newest update (0 when it has none): its version."""
    return session.scalar(select(func.max(Update.id)).where(Update.action_id == action_id)) or 0


def after(action_id: int, seen: int, *, session: Session) -> list[Update]:
    """Return the action's updates newer than the version `seen`, oldest first."""
    stmt = select(Update).where(Update.action_id == action_id, Update.id > seen).order_by(Update.id)
    return list(session.scalars(stmt))


def of_action(action_id: int, *, session: Session) -> list[Update]:
    """Return every update of an action in the order they were stored."""
    return list(
        session.scalars(select(Update).where(Update.action_id == action_id).order_by(Update.id))
    )
