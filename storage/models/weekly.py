"""The weekly jobs' tables: exactly-once claims, reminder choices, listed items and acks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import USER_ID, Base


class _Claim:
    """Who claimed a weekly message, and where it went: exactly-once posting needs both."""

    state: Mapped[str] = mapped_column(String(16))
    claimed_by: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[datetime]
    channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(300))


class SummaryRun(_Claim, Base):
    """The claim on posting one review's summary for one week (Monday to Sunday)."""

    __tablename__ = "summary_run"
    __table_args__ = (UniqueConstraint("review_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"))
    week_start: Mapped[date] = mapped_column(Date)
    posted_at: Mapped[datetime | None]


class ReminderRun(_Claim, Base):
    """The claim on sending one owner's weekly reminder DM for one week (Monday to Sunday)."""

    __tablename__ = "reminder_run"
    __table_args__ = (UniqueConstraint("user_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(USER_ID)
    week_start: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime | None]


class ReminderPreference(Base):
    """A person's choice about weekly reminder DMs (`/dhr reminders off|on`); default on."""

    __tablename__ = "reminder_preference"

    user_id: Mapped[str] = mapped_column(USER_ID, primary_key=True)
    enabled: Mapped[bool]
    updated_at: Mapped[datetime]


class ReminderItem(Base):
    """One action listed in one person's weekly message: escalation counts these."""

    __tablename__ = "reminder_item"
    __table_args__ = (UniqueConstraint("action_id", "user_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    user_id: Mapped[str] = mapped_column(USER_ID)
    week_start: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(24))


class EscalationAck(Base):
    """Someone acknowledged a drifting action: no repeats to them until the action changes."""

    __tablename__ = "escalation_ack"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    user_id: Mapped[str] = mapped_column(USER_ID)
    created_at: Mapped[datetime]
