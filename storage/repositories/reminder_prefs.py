"""People's choices about the weekly reminder DM (`/dhr reminders off|on`); default on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ReminderPreference


def reminders_off(*, session: Session) -> set[str]:
    """Return the people who turned their weekly reminders off."""
    stmt = select(ReminderPreference.user_id).where(ReminderPreference.enabled.is_(False))
    return set(session.scalars(stmt))


def set_reminder_preference(
    user_id: str, enabled: bool, *, now: datetime, session: Session
) -> None:
    """Turn a person's weekly reminders on or off."""
    preference = session.get(ReminderPreference, user_id)
    if preference is None:
        session.add(ReminderPreference(user_id=user_id, enabled=enabled, updated_at=now))
    else:
        preference.enabled = enabled
        preference.updated_at = now
    session.flush()
