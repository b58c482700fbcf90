"""Post a message exactly once: claim, look for the marker if taken over, send, record.

One machine for every weekly message (the channel summary, each owner's reminder DM).
A timeout or 5xx may have reached Slack before failing, and a taken-over claim may have
been posted by the worker that died: in both cases we look in the conversation's history
for the message's marker before posting or releasing, and when the history cannot be read
we post nothing and record the claim as unverified (a missing message beats a duplicate).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.messages.kit import Block
from bot.slackclient import single_shot
from bot.weekly import claims
from bot.weekly.context import JobContext
from bot.weekly.history import HistoryUnreadable, error_code, look_for, may_have_posted, metadata
from storage.repositories.claims import Run, Subject

logger = logging.getLogger(__name__)


class Delivery(StrEnum):
    """What became of one message."""

    SENT = "sent"  # posted now
    RECOVERED = "recovered"  # an earlier attempt had posted it: recorded, not posted again
    ALREADY = "already"  # recorded as posted by an earlier run
    BUSY = "busy"  # another worker holds a fresh claim on it
    FAILED = "failed"  # Slack refused it; the claim is released for the next run
    UNVERIFIED = "unverified"  # not posted: an earlier attempt may have, and Slack cannot say
    ERROR = "error"  # the bot failed on this one (logged with a ref); the others still went


# A busy claim is looked at again after these pauses (doubling), until it is done or stale
# and ours to take over; past STALE_CLAIM and the margin, it is reported, not waited for.
FIRST_PAUSE_S = 1.0
LONGEST_PAUSE_S = 30.0
BUSY_MARGIN = timedelta(seconds=30)


@dataclass(frozen=True)
class Message:
    """One message to post once per subject per week, and the marker that recognises it."""

    model: type[Run]
    subject: Subject
    week: date
    marker: str
    event_type: str
    to: str  # a channel id, or a user id for a DM
    text: str
    blocks: list[Block]
    label: str  # ids only, for logs: "summary for review 3"
    dm: bool = False
    unfurl_links: bool | None = None


@dataclass(frozen=True)
class Sent:
    """The outcome of sending one message: where it is, or Slack's error code."""

    delivery: Delivery
    channel: str | None = None
    ts: str | None = None
    error: str | None = None


class Sender:
    """Sends messages one at a time, each under its claim, for one job run."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self.once = single_shot(ctx.client)

    def send_all(self, messages: Sequence[Message]) -> list[Sent]:
        """Send each message on its own; retry busy ones until done or stale, then report."""
        results = [self.guarded(message) for message in messages]
        waiting = [i for i, sent in enumerate(results) if sent.delivery is Delivery.BUSY]
        pause, slept = FIRST_PAUSE_S, 0.0
        limit = (claims.STALE_CLAIM + BUSY_MARGIN).total_seconds()
        while waiting and slept < limit:
            logger.info("%d message(s) claimed by another worker: looking again", len(waiting))
            self.ctx.sleep(pause)
            slept += pause
            pause = min(pause * 2, LONGEST_PAUSE_S, max(limit - slept, FIRST_PAUSE_S))
            for i in waiting:
                results[i] = self.guarded(messages[i])
            waiting = [i for i in waiting if results[i].delivery is Delivery.BUSY]
        return results

    def guarded(self, message: Message) -> Sent:
        """Send one message; an unexpected error is logged with its ids and a ref, not raised."""
        try:
            return self.send(message)
        except Exception:  # one message's failure must not stop the rest of the run
            ref = uuid.uuid4().hex[:8]
            logger.exception("%s failed (ref %s)", message.label, ref)
            return Sent(Delivery.ERROR, error=f"internal error, ref {ref}")

    def send(self, message: Message) -> Sent:
        """Claim, post and record one message; never post it twice."""
        ctx = self.ctx
        claim = claims.acquire(
            ctx.db, message.model, message.subject, message.week, worker=ctx.worker, clock=ctx.clock
        )
        if claim.outcome is claims.Outcome.DONE:
            return Sent(Delivery.ALREADY, ts=claim.ts)
        if claim.outcome is claims.Outcome.BUSY or claim.run_id is None:
            return Sent(Delivery.BUSY)
        if claim.outcome is claims.Outcome.TAKEN_OVER:
            try:
                found = self._find(message)
            except HistoryUnreadable as exc:
                return self._unverified(message, claim.run_id, exc.code)
            if found:
                return self._recovered(message, claim.run_id, *found)
        return self._post(message, claim.run_id)

    def _post(self, message: Message, run_id: int) -> Sent:
        options: dict[str, Any] = {}
        if message.unfurl_links is not None:
            options["unfurl_links"] = message.unfurl_links
        try:
            response = self.once.chat_postMessage(
                channel=message.to,
                text=message.text,
                blocks=message.blocks,
                metadata=metadata(message.event_type, message.marker),
                **options,
            )
        except (SlackApiError, OSError) as exc:
            return self._failed(message, run_id, exc)
        ts, channel = str(response["ts"]), str(response.get("channel") or message.to)
        self._done(message, run_id, channel, ts)
        logger.info("%s posted to %s (%s)", message.label, channel, ts)
        return Sent(Delivery.SENT, channel, ts)

    def _failed(self, message: Message, run_id: int, exc: Exception) -> Sent:
        code = error_code(exc)
        # A timeout or 5xx may have reached Slack before failing: look before releasing.
        if may_have_posted(exc):
            try:
                found = self._find(message)
            except HistoryUnreadable as unreadable:
                return self._unverified(message, run_id, f"{code}, then {unreadable.code}")
            if found:
                return self._recovered(message, run_id, *found)
        logger.error("%s not posted: %s", message.label, code)
        claims.release(self.ctx.db, message.model, run_id, error=code)
        return Sent(Delivery.FAILED, error=code)

    def _recovered(self, message: Message, run_id: int, channel: str, ts: str) -> Sent:
        self._done(message, run_id, channel, ts)
        logger.info("%s found already posted (%s)", message.label, ts)
        return Sent(Delivery.RECOVERED, channel, ts)

    def _unverified(self, message: Message, run_id: int, code: str) -> Sent:
        # Unknown whether it went out: a missing message is better than a duplicate.
        logger.error("%s not posted: history unreadable (%s)", message.label, code)
        claims.release(self.ctx.db, message.model, run_id, error=claims.unverified(code))
        return Sent(Delivery.UNVERIFIED, error=code)

    def _done(self, message: Message, run_id: int, channel: str, ts: str) -> None:
        claims.mark_done(
            self.ctx.db, message.model, run_id, channel=channel, ts=ts, clock=self.ctx.clock
        )

    def _find(self, message: Message) -> tuple[str, str] | None:
        channel = self._conversation(message)
        # A day's margin covers any time zone; the marker, not the window, identifies it.
        oldest = datetime.combine(message.week, time(), tzinfo=UTC) - timedelta(days=1)
        ts = look_for(self.ctx.client, channel, message.marker, oldest=oldest)
        return (channel, ts) if ts else None

    def _conversation(self, message: Message) -> str:
        if not message.dm:
            return message.to
        try:
            opened = self.ctx.client.conversations_open(users=message.to)
        except (SlackApiError, OSError) as exc:
            raise HistoryUnreadable(error_code(exc)) from exc
        return str(opened["channel"]["id"])
