"""The people: agencies, their members and the partnership's coordinators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import USER_ID, Base


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300), default="")

    memberships: Mapped[list[Membership]] = relationship(back_populates="agency")


class Membership(Base):
    """A Slack user's place in an agency: role `lead` or `member`."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("agency_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    user_id: Mapped[str] = mapped_column(USER_ID, index=True)
    role: Mapped[str] = mapped_column(String(16))
    added_by: Mapped[str | None] = mapped_column(USER_ID)
    added_at: Mapped[datetime]

    agency: Mapped[Agency] = relationship(back_populates="memberships")


class Coordinator(Base):
    """A partnership coordinator added in Slack (DHR_COORDINATORS are coordinators too)."""

    __tablename__ = "coordinator"

    user_id: Mapped[str] = mapped_column(USER_ID, primary_key=True)
    added_by: Mapped[str | None] = mapped_column(USER_ID)
    added_at: Mapped[datetime]
