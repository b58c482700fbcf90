"""Exactly-once posting: claim a (thing, week) row before posting, record the message after.

The INSERT of the claim commits in its own unit of work, so the database's unique
constraint picks one winner among any number of processes. A failed claim, or one left
"claimed" by a worker that died, is taken over with a compare-and-set update; whoever
takes one over must look in Slack for the message before posting again.

When Slack's history cannot be read (no history scope, Slack down), whether the earlier
attempt went out is unknown. We then do not post: the claim is marked failed as
"unverified" and the coordinators are told, so a missing message is the worst case,
never a duplicate. Every later run looks again and posts only once Slack says it is absent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import Clock
from storage.db import Database
from storage.repositories import summaries as repo

logger = logging.getLogger(__name__)

# Longer than any post takes with slack_sdk's retries, so a live worker is never overtaken.
STALE_CLAIM = timedelta(minutes=5)
HISTORY_PAGES = 5
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
    db: Database,
    model: type[repo.Run],
    *,
    insert: Callable[[Session, datetime], repo.Run],
    lookup: Callable[[Session], repo.Run | None],
    worker: str,
    clock: Clock,
) -> Claim:
    """Claim one post: insert the row, or take over a failed or abandoned one.

    The claim is stamped with `clock()` read now, not with the job's start: late in a long
    run an old stamp would look abandoned to another worker, which would then post too.
    """
    now = clock()
    try:
        with db.uow() as session:
            return Claim(Outcome.NEW, insert(session, now).id)
    except IntegrityError:
        pass  # another worker (or an earlier run) has the row: see what state it is in
    with db.uow() as session:
        run = lookup(session)
        if run is None:
            return Claim(Outcome.BUSY)
        if run.state == repo.POSTED:
            return Claim(Outcome.DONE, run.id, run.message_ts)
        if run.state == repo.CLAIMED and now - run.claimed_at < STALE_CLAIM:
            return Claim(Outcome.BUSY, run.id)
        seen = (run.state, run.claimed_by, run.claimed_at)
        if repo.take_over(model, run.id, seen, worker=worker, now=now, session=session):
            logger.info("took over %s claim %s (was %s)", model.__tablename__, run.id, seen[0])
            return Claim(Outcome.TAKEN_OVER, run.id)
    return Claim(Outcome.BUSY, run.id)


def elapsed_clock(start: datetime) -> Clock:
    """Return a clock that reads `start` plus the time elapsed since this call."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def mark_done(
    db: Database, model: type[repo.Run], run_id: int, *, channel: str, ts: str, now: datetime
) -> None:
    """Record the posted message of a claim in its own unit of work."""
    with db.uow() as session:
        repo.mark_done(model, run_id, channel=channel, ts=ts, now=now, session=session)


def release(db: Database, model: type[repo.Run], run_id: int, *, error: str) -> None:
    """Mark a claim failed so that the next run retries it."""
    with db.uow() as session:
        repo.mark_failed(model, run_id, error=error, session=session)


class HistoryUnreadable(Exception):
    """Slack's history could not be read, so whether a message went out is unknown."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def error_code(exc: Exception) -> str:
    """Return Slack's error code for a failed call, or the exception's type for a network fault."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"http_{exc.response.status_code}")
    return type(exc).__name__


def may_have_posted(exc: Exception) -> bool:
    """Tell whether a failed post may have reached Slack anyway (a 5xx or a network fault)."""
    if isinstance(exc, SlackApiError):
        return int(exc.response.status_code) >= 500
    return True


def unverified(code: str) -> str:
    """Return the claim error for a message that may or may not have gone out."""
    return f"{UNVERIFIED}: {code}"


def is_unverified(error: str | None) -> bool:
    """Tell whether a claim error says the message may or may not have gone out."""
    return bool(error and error.startswith(UNVERIFIED))


def _has_marker(message: dict[str, Any], marker: str) -> bool:
    payload = (message.get("metadata") or {}).get("event_payload") or {}
    if payload.get("key") == marker:
        return True
    return any(block.get("block_id") == marker for block in message.get("blocks") or [])


def find_marked(client: WebClient, channel: str, marker: str, *, oldest: datetime) -> str | None:
    """Return the ts of a message in `channel` since `oldest` that carries `marker`, if any."""
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        page = client.conversations_history(
            channel=channel,
            oldest=f"{oldest.timestamp():.6f}",
            limit=200,
            include_all_metadata=True,
            cursor=cursor,
        )
        for message in page.get("messages") or []:
            if _has_marker(message, marker):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not page.get("has_more") or not cursor:
            return None
    return None


def look_for(client: WebClient, channel: str, marker: str, *, oldest: datetime) -> str | None:
    """Like find_marked, but raise HistoryUnreadable when Slack cannot tell us.

    A failed read is no evidence that nothing was posted: posting on it could duplicate.
    """
    try:
        return find_marked(client, channel, marker, oldest=oldest)
    except (SlackApiError, OSError) as exc:
        code = error_code(exc)
        logger.warning("could not read the history of %s to look for %s: %s", channel, marker, code)
        raise HistoryUnreadable(code) from exc


def metadata(event_type: str, marker: str) -> dict[str, Any]:
    """Return message metadata carrying `marker`, so a later run can recognise the message."""
    return {"event_type": event_type, "event_payload": {"key": marker}}
