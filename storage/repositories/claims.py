"""Claims on weekly posts: one row per (review, week) summary or (person, week) reminder.

A claim is inserted in its own committed unit of work so that the unique constraint on
(subject, week) decides which worker posts; a take-over is a compare-and-set update. The
same queries serve both kinds of claim: only the subject column and the "done at" column
differ.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import ReminderRun, SummaryRun

CLAIMED = "claimed"
POSTED = "posted"
FAILED = "failed"

Run = SummaryRun | ReminderRun
Subject = int | str  # a review id for a summary, a Slack user id for a reminder


def _subject(model: type[Run]) -> InstrumentedAttribute[Any]:
    return SummaryRun.review_id if model is SummaryRun else ReminderRun.user_id


def _done_at(model: type[Run]) -> str:
    return "posted_at" if model is SummaryRun else "sent_at"


def insert_claim(
    model: type[Run], subject: Subject, week: date, *, worker: str, now: datetime, session: Session
) -> Run:
    """Insert the claim on one subject's post for a week; IntegrityError if it exists."""
    run = model(week_start=week, state=CLAIMED, claimed_by=worker, claimed_at=now)
    setattr(run, _subject(model).key, subject)
    session.add(run)
    session.flush()
    return run


# select() over a union of models is typed as Base: the model passed decides the row type.
def get_claim(model: type[Run], subject: Subject, week: date, *, session: Session) -> Run | None:
    """Return the claim on one subject's post for a week."""
    stmt = select(model).where(_subject(model) == subject, model.week_start == week)
    return cast(Run | None, session.scalar(stmt))


def claims_of_week(model: type[Run], week: date, *, session: Session) -> dict[Subject, Run]:
    """Return every claim of one kind for a week by subject."""
    runs = cast(list[Run], session.scalars(select(model).where(model.week_start == week)).all())
    return {getattr(run, _subject(model).key): run for run in runs}


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
    values[_done_at(model)] = now
    session.execute(update(model).where(model.id == run_id).values(**values))


def mark_failed(model: type[Run], run_id: int, *, error: str, session: Session) -> None:
    """Release a claim after a failure so the next run retries it."""
    session.execute(update(model).where(model.id == run_id).values(state=FAILED, error=error[:300]))
