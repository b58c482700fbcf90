"""Need to know: the agencies added to a review and the real names it protects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import USER_ID, Base


class ReviewAgency(Base):
    """An agency a coordinator added to a review: its people see the review (need to know)."""

    __tablename__ = "review_agency"
    __table_args__ = (UniqueConstraint("review_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    added_by: Mapped[str | None] = mapped_column(USER_ID)
    added_at: Mapped[datetime]


class ProtectedName(Base):
    """A real name behind a review's pseudonyms: text containing it is refused, never shown."""

    __tablename__ = "protected_name"
    __table_args__ = (UniqueConstraint("review_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    pseudonym: Mapped[str] = mapped_column(String(200), default="")
    added_by: Mapped[str | None] = mapped_column(USER_ID)
    added_at: Mapped[datetime]
