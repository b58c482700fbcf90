"""An action's append-only history: its updates and the evidence attached to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import USER_ID, Base


class Update(Base):
    """One append-only row of an action's history; corrections are new rows."""

    __tablename__ = "action_update"
    __table_args__ = (Index("ix_action_update_action_created", "action_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"))
    user_id: Mapped[str] = mapped_column(USER_ID)
    created_at: Mapped[datetime] = mapped_column(index=True)
    source: Mapped[str] = mapped_column(String(16))
    status_before: Mapped[str | None] = mapped_column(String(16))
    status_after: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    due_date_before: Mapped[date | None] = mapped_column(Date)
    new_due_date: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    owner_before: Mapped[str | None] = mapped_column(USER_ID)
    owner_after: Mapped[str | None] = mapped_column(USER_ID)
    # A change of delivering agency (agency ids); replaying these gives the current one.
    delivering_before: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    delivering_after: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    # Set by a Save button: pressing it twice (or two workers racing) stores one update.
    request_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # What the row means beyond its status change (bot.assurance_state.Kind):
    # None for a progress update; "signoff", "return", "reprogrammed", ...
    kind: Mapped[str | None] = mapped_column(String(24))
    impact: Mapped[str | None] = mapped_column(Text)
    # A later target waiting for a coordinator; `decides_id` points a decision at it.
    proposed_due_date: Mapped[date | None] = mapped_column(Date)
    decides_id: Mapped[int | None] = mapped_column(ForeignKey("action_update.id"))


class Evidence(Base):
    """A link, a Slack file or a Slack message attached to an action."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("action_update.id"))
    kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(String(2000))
    file_id: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(300))
    excerpt: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(USER_ID)
    created_at: Mapped[datetime]
    # A Slack file's copy in the evidence store: where, what it hashed to, and whether it
    # was copied ("copied"), kept out by the store's policy ("not_copied") or could not be
    # fetched ("failed"); copy_note says why. None on links and messages.
    stored_key: Mapped[str | None] = mapped_column(String(400))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(200))
    copy_state: Mapped[str | None] = mapped_column(String(16))
    copy_note: Mapped[str | None] = mapped_column(String(500))
