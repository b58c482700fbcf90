"""Assurance reads and writes: sign-off queues, re-programming, decisions, escalation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.models import (
    Action,
    EscalationAck,
    Recommendation,
    RecommendationDecision,
    ReminderItem,
    Update,
)
from storage.repositories.actions import loaded

COMPLETE = "complete"
AWAITING = "awaiting"
REPROGRAM_KINDS = ("reprogrammed", "reprogram_proposed", "reprogram_approved", "reprogram_declined")


def completion_authors(action_id: int, *, session: Session) -> set[str]:
    """Return who made the completion awaiting sign-off what it is: whoever completed the
    action, and whoever changed its completion date or impact statement since."""
    completing = completing_update(action_id, session=session)
    if completing is None:
        return set()
    stmt = select(Update.user_id).where(
        Update.action_id == action_id,
        Update.id > completing.id,
        or_(
            Update.completed_on.is_not(None), and_(Update.impact.is_not(None), Update.impact != "")
        ),
    )
    return {completing.user_id, *session.scalars(stmt)}


def completing_update(action_id: int, *, session: Session) -> Update | None:
    """Return the latest update that moved an action to complete."""
    stmt = (
        select(Update)
        .where(
            Update.action_id == action_id,
            Update.status_after == COMPLETE,
            or_(Update.status_before.is_(None), Update.status_before != COMPLETE),
        )
        .order_by(Update.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def awaiting_signoff(*, session: Session) -> list[Action]:
    """Return every action awaiting sign-off, oldest completion first."""
    stmt = (
        loaded()
        .where(Action.status == COMPLETE, Action.signoff == AWAITING)
        .order_by(Action.completed_on, Action.id)
    )
    return list(session.scalars(stmt))


def reprogramming_rows(action_id: int, *, session: Session) -> list[Update]:
    """Return an action's re-programming rows (moves, proposals, decisions), oldest first."""
    stmt = (
        select(Update)
        .where(Update.action_id == action_id, Update.kind.in_(REPROGRAM_KINDS))
        .order_by(Update.id)
    )
    return list(session.scalars(stmt))


def moved_on_since(action_id: int, update_id: int, *, session: Session) -> bool:
    """Tell whether, after this update, the action was completed or given a new target."""
    stmt = select(Update.id).where(
        Update.action_id == action_id,
        Update.id > update_id,
        or_(Update.status_after == COMPLETE, Update.new_due_date.is_not(None)),
    )
    return session.scalar(stmt.limit(1)) is not None


def get_update(update_id: int, *, session: Session) -> Update | None:
    """Return one update row by id."""
    return session.get(Update, update_id)


def latest_decisions(
    recommendation_ids: Sequence[int], *, session: Session
) -> dict[int, RecommendationDecision]:
    """Return each recommendation's latest decision, in one query."""
    if not recommendation_ids:
        return {}
    newest = (
        select(func.max(RecommendationDecision.id))
        .where(RecommendationDecision.recommendation_id.in_(recommendation_ids))
        .group_by(RecommendationDecision.recommendation_id)
    )
    stmt = select(RecommendationDecision).where(RecommendationDecision.id.in_(newest))
    return {row.recommendation_id: row for row in session.scalars(stmt)}


def add_decision(
    recommendation: Recommendation,
    decision: str,
    rationale: str,
    *,
    user_id: str,
    source: str,
    now: datetime,
    session: Session,
) -> RecommendationDecision:
    """Append a decision on a recommendation."""
    row = RecommendationDecision(
        recommendation_id=recommendation.id,
        decision=decision,
        rationale=rationale,
        user_id=user_id,
        source=source,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def record_reminded(
    items: Iterable[tuple[int, str]], user_id: str, week: date, *, session: Session
) -> None:
    """Record that these (action, reason) pairs were in `user_id`'s message for `week`."""
    pairs = dict(items)
    if not pairs:
        return
    known = set(
        session.scalars(
            select(ReminderItem.action_id).where(
                ReminderItem.user_id == user_id,
                ReminderItem.week_start == week,
                ReminderItem.action_id.in_(list(pairs)),
            )
        )
    )
    for action_id, reason in pairs.items():
        if action_id not in known:
            session.add(
                ReminderItem(action_id=action_id, user_id=user_id, week_start=week, reason=reason)
            )
    session.flush()


def reminder_weeks(action_ids: Sequence[int], *, session: Session) -> dict[int, list[date]]:
    """Return, per action, the weeks its owner was reminded of it, oldest first."""
    if not action_ids:
        return {}
    stmt = (
        select(ReminderItem.action_id, ReminderItem.week_start)
        .join(Action, Action.id == ReminderItem.action_id)
        .where(ReminderItem.action_id.in_(action_ids), ReminderItem.user_id == Action.owner_id)
        .distinct()
        .order_by(ReminderItem.week_start)
    )
    weeks: dict[int, list[date]] = {}
    for action_id, week in session.execute(stmt):
        weeks.setdefault(action_id, []).append(week)
    return weeks


def acknowledge(action_id: int, user_id: str, *, now: datetime, session: Session) -> None:
    """Record that someone acknowledged a drifting action."""
    session.add(EscalationAck(action_id=action_id, user_id=user_id, created_at=now))
    session.flush()


def acknowledged(action_ids: Sequence[int], *, session: Session) -> dict[tuple[int, str], datetime]:
    """Return (action, user) → when they last acknowledged it."""
    if not action_ids:
        return {}
    stmt = (
        select(EscalationAck)
        .where(EscalationAck.action_id.in_(action_ids))
        .order_by(EscalationAck.id)
    )
    return {(ack.action_id, ack.user_id): ack.created_at for ack in session.scalars(stmt)}


def rows_between(start: datetime, end: datetime, *, session: Session) -> list[Update]:
    """Return the updates written in [start, end), oldest first."""
    stmt = (
        select(Update)
        .where(Update.created_at >= start, Update.created_at < end)
        .order_by(Update.id)
    )
    return list(session.scalars(stmt))


def open_proposals(*, session: Session) -> list[Update]:
    """Return every re-programming proposal no decision points at, oldest first."""
    decided = select(Update.decides_id).where(Update.decides_id.is_not(None))
    stmt = (
        select(Update)
        .where(Update.kind == "reprogram_proposed", Update.id.not_in(decided))
        .order_by(Update.id)
    )
    return list(session.scalars(stmt))
