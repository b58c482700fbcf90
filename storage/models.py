"""SQLAlchemy 2.0 typed models. Updates and evidence are append-only history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

USER_ID = String(32)


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and always hand back aware UTC (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


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


def _lead_agency(context: Any) -> Any:
    """Default the delivering agency to the lead agency when none is given."""
    return context.get_current_parameters()["lead_agency_id"]


class Action(Base):
    """An action of a plan and its current state; the history lives in `update`."""

    __tablename__ = "action"
    __table_args__ = (
        UniqueConstraint("review_id", "ref"),
        Index("ix_action_status_due", "status", "due_date"),
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
    owner_id: Mapped[str | None] = mapped_column(USER_ID, index=True)
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
