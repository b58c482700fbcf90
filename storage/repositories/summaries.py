"""Claims on weekly posts (summaries and reminders), the rows for the summary, reminder choices.

Claims are inserted in their own committed unit of work so the unique constraint on
(review, week) or (user, week) decides which worker posts; take-overs are compare-and-set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, func, select, update
from sqlalchemy.orm import Session

from storage.models import (
    Action,
    Agency,
    Evidence,
    ReminderPreference,
    ReminderRun,
    Review,
    SummaryRun,
    Update,
)

CLAIMED = "claimed"
POSTED = "posted"
FAILED = "failed"
IMPORT_SOURCE = "import"

Run = SummaryRun | ReminderRun


def insert_summary_claim(
    review_id: int, week: date, *, worker: str, now: datetime, session: Session
) -> SummaryRun:
    """Insert the claim on a review's summary for a week; IntegrityError if it exists."""
    run = SummaryRun(
        review_id=review_id, week_start=week, state=CLAIMED, claimed_by=worker, claimed_at=now
    )
    session.add(run)
    session.flush()
    return run


def get_summary_run(review_id: int, week: date, *, session: Session) -> SummaryRun | None:
    """Return the claim on a review's summary for a week."""
    return session.scalar(
        select(SummaryRun).where(SummaryRun.review_id == review_id, SummaryRun.week_start == week)
    )


def summary_runs(week: date, *, session: Session) -> dict[int, SummaryRun]:
    """Return every summary claim of a week by review id."""
    runs = session.scalars(select(SummaryRun).where(SummaryRun.week_start == week))
    return {run.review_id: run for run in runs}


def insert_reminder_claim(
    user_id: str, week: date, *, worker: str, now: datetime, session: Session
) -> ReminderRun:
    """Insert the claim on a person's reminder for a week; IntegrityError if it exists."""
    run = ReminderRun(
        user_id=user_id, week_start=week, state=CLAIMED, claimed_by=worker, claimed_at=now
    )
    session.add(run)
    session.flush()
    return run


def get_reminder_run(user_id: str, week: date, *, session: Session) -> ReminderRun | None:
    """Return the claim on a person's reminder for a week."""
    return session.scalar(
        select(ReminderRun).where(ReminderRun.user_id == user_id, ReminderRun.week_start == week)
    )


def take_over(
    model: type[Run],
    run_id: int,
    seen: tuple[str, str, datetime],
    *,
    worker: str,
    now: datetime,
    session: Session,
) -> bool:
    """Re-claim a failed or abandoned claim if nobody changed it since it was read (CAS)."""
    state, claimed_by, claimed_at = seen
    result = session.execute(
        update(model)
        .where(
            model.id == run_id,
            model.state == state,
            model.claimed_by == claimed_by,
            model.claimed_at == claimed_at,
        )
        .values(state=CLAIMED, claimed_by=worker, claimed_at=now, error=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_done(
    model: type[Run], run_id: int, *, channel: str, ts: str, now: datetime, session: Session
) -> None:
    """Record that the message of a claim was posted, with its channel and ts."""
    values: dict[str, Any] = {"state": POSTED, "channel": channel, "message_ts": ts, "error": None}
    values["posted_at" if model is SummaryRun else "sent_at"] = now
    session.execute(update(model).where(model.id == run_id).values(**values))


def mark_failed(model: type[Run], run_id: int, *, error: str, session: Session) -> None:
    """Release a claim after a failure so the next run retries it."""
    session.execute(update(model).where(model.id == run_id).values(state=FAILED, error=error[:300]))


def reviews_in_scope(slug: str | None, *, session: Session) -> list[Review]:
    """Return every review by slug, or the one with this slug."""
    stmt = select(Review).order_by(Review.slug)
    if slug is not None:
        stmt = stmt.where(Review.slug == slug)
    return list(session.scalars(stmt))


def _status_at(moment: datetime) -> Any:
    return (
        select(Update.status_after)
        .where(Update.action_id == Action.id, Update.created_at <= moment)
        .order_by(Update.created_at.desc(), Update.id.desc())
        .limit(1)
        .correlate(Action)
        .scalar_subquery()
    )


def _last_activity(moment: datetime) -> Any:
    return (
        select(func.max(Update.created_at))
        .where(
            Update.action_id == Action.id,
            Update.source != IMPORT_SOURCE,
            Update.created_at <= moment,
        )
        .correlate(Action)
        .scalar_subquery()
    )


def _evidence_count(moment: datetime) -> Any:
    return (
        select(func.count(Evidence.id))
        .where(Evidence.action_id == Action.id, Evidence.created_at <= moment)
        .correlate(Action)
        .scalar_subquery()
    )


def action_rows(
    review_ids: Sequence[int], *, as_of: datetime, week_ago: datetime, session: Session
) -> list[Row[Any]]:
    """Return each action existing at `as_of`, with its status then and a week before (1 query)."""
    if not review_ids:
        return []
    stmt = (
        select(
            Action.id,
            Action.review_id,
            Action.ref,
            Action.text,
            Action.owner_id,
            Action.status,
            Action.due_date,
            Action.target_kind,
            Action.created_at,
            Agency.code.label("agency"),
            _status_at(as_of).label("status_now"),
            _status_at(week_ago).label("status_before"),
            _last_activity(as_of).label("last_activity"),
            _evidence_count(as_of).label("evidence"),
        )
        .join(Agency, Agency.id == Action.lead_agency_id)
        .where(Action.review_id.in_(review_ids), Action.created_at <= as_of)
        .order_by(Action.review_id, Action.position, Action.id)
    )
    return list(session.execute(stmt))


def updates_since(review_ids: Sequence[int], since: datetime, *, session: Session) -> list[Update]:
    """Return every update after `since` on these reviews' actions, oldest first, in one query."""
    if not review_ids:
        return []
    stmt = (
        select(Update)
        .join(Action, and_(Action.id == Update.action_id, Action.review_id.in_(review_ids)))
        .where(Update.created_at > since)
        .order_by(Update.created_at, Update.id)
    )
    return list(session.scalars(stmt))


def open_owned_rows(*, as_of: datetime, session: Session) -> list[Row[Any]]:
    """Return every open action that has an owner, with its last non-import update, in one query."""
    stmt = (
        select(
            Action.id,
            Action.ref,
            Action.text,
            Action.owner_id,
            Action.status,
            Action.due_date,
            Action.created_at,
            Review.slug.label("review"),
            _last_activity(as_of).label("last_activity"),
        )
        .join(Review, Review.id == Action.review_id)
        .where(Action.owner_id.is_not(None), Action.status != "complete")
        .order_by(Action.owner_id, Action.due_date, Review.slug, Action.position, Action.id)
    )
    return list(session.execute(stmt))


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
