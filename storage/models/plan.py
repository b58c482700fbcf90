"""The plan: reviews, their recommendations and decisions, and the actions with their state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import USER_ID, Base
from storage.models.people import Agency


class Review(Base):
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    partnership: Mapped[str] = mapped_column(String(300), default="")
    published: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]
    # DHR, SAR, CSPR or other (bot.plans.document.REVIEW_TYPES).
    type: Mapped[str] = mapped_column(String(16), default="DHR", server_default="DHR")

    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="review", order_by="Recommendation.number"
    )


class Recommendation(Base):
    __tablename__ = "recommendation"
    __table_args__ = (UniqueConstraint("review_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"))
    number: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(100), default="")
    # The plan's theme words mapped onto the controlled list (bot/themes/themes.yaml).
    controlled_theme: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(40), default="")
    ownership: Mapped[list[str]] = mapped_column(default=list)

    review: Mapped[Review] = relationship(back_populates="recommendations")
    actions: Mapped[list[Action]] = relationship(
        back_populates="recommendation", order_by="Action.position"
    )


class RecommendationDecision(Base):
    """The partnership's decision on a recommendation; append-only, the latest one holds."""

    __tablename__ = "recommendation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[str] = mapped_column(USER_ID)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


def _lead_agency(context: Any) -> Any:
    """Default the delivering agency to the lead agency when none is given."""
    return context.get_current_parameters()["lead_agency_id"]


class Action(Base):
    """An action of a plan and its current state; the history lives in `update`."""

    __tablename__ = "action"
    __table_args__ = (
        UniqueConstraint("review_id", "ref"),
        Index("ix_action_status_due", "status", "due_date"),
        # Owned actions only: unowned ones (most of a new plan) would share one key and
        # make the planner's statistics say `owner_id = ?` matches them all (0008).
        Index(
            "ix_action_owner_id",
            "owner_id",
            sqlite_where=text("owner_id IS NOT NULL"),
            postgresql_where=text("owner_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id"))
    ref: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    # The agency that does the work (the text's subject); the lead agency stays accountable.
    delivering_agency_id: Mapped[int] = mapped_column(
        ForeignKey("agency.id"), index=True, default=_lead_agency
    )
    owner_id: Mapped[str | None] = mapped_column(USER_ID)
    milestones: Mapped[list[str]] = mapped_column(default=list)
    target_text: Mapped[str] = mapped_column(String(200), default="")
    target_kind: Mapped[str] = mapped_column(String(16))
    target_flag: Mapped[str | None] = mapped_column(String(300))
    due_date: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    completed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]
    # Assurance, each derived from the updates (bot.assurance_state.replay):
    # a complete action is `awaiting` sign-off or `signed_off`; None while it is open.
    signoff: Mapped[str | None] = mapped_column(String(16))
    signed_off_on: Mapped[date | None] = mapped_column(Date)
    signed_off_by: Mapped[str | None] = mapped_column(USER_ID)
    original_due_date: Mapped[date | None] = mapped_column(Date)
    times_reprogrammed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    impact: Mapped[str | None] = mapped_column(Text)
    last_assured_on: Mapped[date | None] = mapped_column(Date)

    review: Mapped[Review] = relationship()
    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")
    lead_agency: Mapped[Agency] = relationship(foreign_keys=[lead_agency_id])
    delivering_agency: Mapped[Agency] = relationship(foreign_keys=[delivering_agency_id])
