"""Updates looked up by the Save that made them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Update


def by_request(request_id: str, *, session: Session) -> Update | None:
    """Return the update a Save button's request id stored, if any."""
    return session.scalar(select(Update).where(Update.request_id == request_id))
