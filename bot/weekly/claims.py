"""Exactly-once posting, the database side: claim a (subject, week) row before posting.

The INSERT of the claim commits in its own unit of work, so the database's unique
constraint picks one winner among any number of processes. A failed claim, or one left
"claimed" by a worker that died, is taken over with a compare-and-set update; whoever
takes one over must look in Slack for the message before posting again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from storage.db import Database
from storage.repositories import claims as repo
from storage.repositories.claims import Run, Subject

logger = logging.getLogger(__name__)

# Longer than any post takes with slack_sdk's retries, so a live worker is never overtaken.
STALE_CLAIM = timedelta(minutes=5)
UNVERIFIED = "unverified"


class Outcome(StrEnum):
    """What trying to claim found."""

    NEW = "new"  # ours, nobody tried before
    TAKEN_OVER = "taken_over"  # ours, but an earlier attempt may have posted: look first
    DONE = "done"  # posted already
    BUSY = "busy"  # another worker holds a fresh claim


@dataclass(frozen=True)
class Claim:
    """The result of trying to claim one post."""

    outcome: Outcome
    run_id: int | None = None
    ts: str | None = None


def acquire(
    db: Database, model: type[Run], subject: Subject, week: date, *, worker: str, clock: Clock
) -> Claim:
    """Claim one post: insert the row, or take over a failed or abandoned one.

    The claim is stamped with `clock()` read now, not with the job's start: late in a long
    run an old stamp would look abandoned to another worker, which would then post too.
    """
    now = clock()
    try:
        with db.uow() as session:
            run = repo.insert_claim(model, subject, week, worker=worker, now=now, session=session)
            return Claim(Outcome.NEW, run.id)
    except IntegrityError:
        pass  # another worker (or an earlier run) has the row: see what state it is in
    with db.uow() as session:
        found = repo.get_claim(model, subject, week, session=session)
        if found is None:
            return Claim(Outcome.BUSY)
        if found.state == repo.POSTED:
            return Claim(Outcome.DONE, found.id, found.message_ts)
        if found.state == repo.CLAIMED and now - found.claimed_at < STALE_CLAIM:
            return Claim(Outcome.BUSY, found.id)
        seen = (found.state, found.claimed_by, found.claimed_at)
        if repo.take_over(model, found.id, seen, worker=worker, now=now, session=session):
            logger.info("took over %s claim %s (was %s)", model.__tablename__, found.id, seen[0])
            return Claim(Outcome.TAKEN_OVER, found.id)
    return Claim(Outcome.BUSY, found.id)


def mark_done(
    db: Database, model: type[Run], run_id: int, *, channel: str, ts: str, clock: Clock
) -> None:
    """Record the posted message of a claim in its own unit of work."""
    with db.uow() as session:
        repo.mark_done(model, run_id, channel=channel, ts=ts, now=clock(), session=session)


def release(db: Database, model: type[Run], run_id: int, *, error: str) -> None:
    """Mark a claim failed so that the next run retries it."""
    with db.uow() as session:
        repo.mark_failed(model, run_id, error=error, session=session)


def unverified(code: str) -> str:
    """Return the claim error for a message that may or may not have gone out."""
    return f"{UNVERIFIED}: {code}"
