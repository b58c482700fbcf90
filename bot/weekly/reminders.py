"""Weekly reminder DMs: one per owner listing their overdue, soon-due and stale actions.

Exactly once per owner per week, like the summary: a (user, week) claim before the DM,
the message ts after, and a look in the DM's history before re-sending a taken-over claim
or releasing one whose post timed out or met a 5xx (Slack may have delivered it anyway).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.clock import Clock, local_day, week_start
from bot.config import Settings
from bot.messages.kit import Block, button, clip, context, escape, header, section
from bot.slackclient import single_shot
from bot.weekly import claims
from bot.weekly.compute import needs
from bot.weekly.notify import notify_coordinators
from storage.db import Database
from storage.models import ReminderRun
from storage.repositories import summaries as repo

logger = logging.getLogger(__name__)

EVENT_TYPE = "dhr_reminder"
UPDATE_ACTION_ID = "open_update"
MAX_ACTIONS = 40  # one section each, within a message's 50 blocks
MAX_TEXT = 120


@dataclass(frozen=True)
class ReminderLine:
    """One action in an owner's reminder and why it is there."""

    action_id: int
    full_ref: str
    text: str
    due_date: date | None
    reason: str  # overdue, due_soon or stale
    last_update_on: date | None  # the local day of the last update by a person


@dataclass
class ReminderResult:
    """Who got a reminder this run, and who did not and why."""

    week_start: date
    sent: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)
    turned_off: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    # Not sent because an earlier attempt may have gone out and the DM could not be checked.
    unverified: dict[str, str] = field(default_factory=dict)


def set_reminders(user_id: str, enabled: bool, *, session: Session, now: datetime) -> None:
    """Turn a person's weekly reminder DMs on or off."""
    repo.set_reminder_preference(user_id, enabled, now=now, session=session)
    logger.info("reminders %s for %s", "on" if enabled else "off", user_id)


def reminder_lists(
    *, session: Session, now: datetime, tz: ZoneInfo
) -> dict[str, list[ReminderLine]]:
    """Return, per owner, the open actions that need them (overdue, due soon or stale)."""
    today = local_day(now, tz)
    owners: dict[str, list[ReminderLine]] = defaultdict(list)
    for row in repo.open_owned_rows(as_of=now, session=session):
        reasons = needs(
            row.status, row.due_date, row.last_activity, row.created_at, today=today, as_of=now
        )
        if reasons:
            reason = reasons[0]
            owners[row.owner_id].append(
                ReminderLine(
                    row.id,
                    f"{row.review}:{row.ref}",
                    row.text,
                    row.due_date,
                    reason,
                    local_day(row.last_activity, tz) if row.last_activity else None,
                )
            )
    return dict(owners)


def _why(line: ReminderLine, today: date) -> str:
    if line.reason == "overdue" and line.due_date is not None:
        days = (today - line.due_date).days
        return (
            f":red_circle: Overdue since {line.due_date:%d %b %Y} ({days} day{'s' * (days != 1)})"
        )
    if line.reason == "due_soon" and line.due_date is not None:
        return f":large_orange_circle: Due {line.due_date:%d %b %Y}"
    last = f"{line.last_update_on:%d %b %Y}" if line.last_update_on else "never"
    return f":white_circle: No update for 4 weeks (last: {last})"


def _line_text(line: ReminderLine, today: date) -> str:
    text = escape(clip(" ".join(line.text.split()), MAX_TEXT))
    return f"*{line.full_ref}* {text}\n{_why(line, today)}"


def reminder_blocks(lines: list[ReminderLine], *, today: date, marker: str) -> list[Block]:
    """Return the reminder DM: one section per action with an Update button."""
    intro = context(
        "Overdue, due in the next 14 days, or not updated for 4 weeks. "
        "Press Update to record progress or evidence."
    )
    blocks: list[Block] = [header("Your DHR actions this week"), {**intro, "block_id": marker}]
    for line in lines[:MAX_ACTIONS]:
        update = button("Update", UPDATE_ACTION_ID, str(line.action_id))
        blocks.append(section(_line_text(line, today), accessory=update))
    if len(lines) > MAX_ACTIONS:
        more = len(lines) - MAX_ACTIONS
        blocks.append(context(f"…and {more} more: type `/dhr mine` to see them all."))
    blocks.append(context("Turn these reminders off with `/dhr reminders off`."))
    return blocks


def reminder_text(lines: list[ReminderLine]) -> str:
    """Return the DM's fallback text."""
    return f"You have {len(lines)} DHR action{'s' * (len(lines) != 1)} to look at this week."


def send_reminders(
    *,
    db: Database,
    client: WebClient,
    settings: Settings,
    now: datetime,
    worker: str,
    clock: Clock | None = None,
) -> ReminderResult:
    """DM each owner who has actions needing them, at most once per owner per week.

    `now` decides what is due; `clock` stamps each claim as it is made (default: `now`
    plus the time elapsed).
    """
    today = local_day(now, settings.tz)
    result = ReminderResult(week_start=week_start(today))
    with db.uow() as session:
        owners = reminder_lists(session=session, now=now, tz=settings.tz)
        off = repo.reminders_off(session=session)
    sender = _Sender(db, client, worker, clock or claims.elapsed_clock(now), today, result)
    for user_id, lines in sorted(owners.items()):
        if user_id in off:
            result.turned_off.append(user_id)
        else:
            sender.send(user_id, lines)
    _tell_coordinators(db, client, settings, result)
    logger.info(
        "reminders: %d sent, %d recovered, %d already, %d off, %d failed, %d unverified",
        len(result.sent),
        len(result.recovered),
        len(result.already_sent),
        len(result.turned_off),
        len(result.failed),
        len(result.unverified),
    )
    return result


def _tell_coordinators(
    db: Database, client: WebClient, settings: Settings, result: ReminderResult
) -> None:
    if result.failed:
        codes = ", ".join(sorted(set(result.failed.values())))
        notify_coordinators(
            db,
            client,
            settings,
            f":warning: {len(result.failed)} weekly reminder DM(s) could not be sent "
            f"(Slack answered {codes}); the next run will try again.",
        )
    if result.unverified:
        codes = ", ".join(sorted(set(result.unverified.values())))
        notify_coordinators(
            db,
            client,
            settings,
            f":warning: {len(result.unverified)} weekly reminder DM(s) were not sent: an earlier "
            f"attempt may have reached them and the bot could not read the DM history to check "
            f"(Slack answered {codes}), so it did not send again rather than risk a duplicate. "
            "Give the app the im:history scope; each run checks again and sends only if missing.",
        )


class _Sender:
    """Sends one owner's reminder at a time under its claim."""

    def __init__(
        self,
        db: Database,
        client: WebClient,
        worker: str,
        clock: Clock,
        today: date,
        result: ReminderResult,
    ) -> None:
        self.db, self.client, self.worker, self.clock = db, client, worker, clock
        self.today, self.result = today, result
        self.week = result.week_start
        self.once = single_shot(client)

    def send(self, user_id: str, lines: list[ReminderLine]) -> None:
        """Claim, DM and record one owner's reminder."""
        claim = claims.acquire(
            self.db,
            ReminderRun,
            insert=partial(_insert, user_id, self.week, self.worker),
            lookup=partial(_lookup, user_id, self.week),
            worker=self.worker,
            clock=self.clock,
        )
        if claim.outcome is claims.Outcome.DONE:
            self.result.already_sent.append(user_id)
        elif claim.outcome is claims.Outcome.BUSY or claim.run_id is None:
            self.result.busy.append(user_id)
        else:
            self._deliver(user_id, lines, claim)

    def _deliver(self, user_id: str, lines: list[ReminderLine], claim: claims.Claim) -> None:
        assert claim.run_id is not None
        marker = f"dhr-reminder:{user_id}:{self.week.isoformat()}"
        if claim.outcome is claims.Outcome.TAKEN_OVER:
            try:
                found = self._find(user_id, marker)
            except claims.HistoryUnreadable as exc:
                self._unverified(user_id, claim.run_id, exc.code)
                return
            if found:
                self.result.recovered.append(user_id)
                self._done(claim.run_id, *found)
                return
        try:
            response = self.once.chat_postMessage(
                channel=user_id,
                text=reminder_text(lines),
                blocks=reminder_blocks(lines, today=self.today, marker=marker),
                metadata=claims.metadata(EVENT_TYPE, marker),
            )
        except (SlackApiError, OSError) as exc:
            self._failed(user_id, claim.run_id, marker, exc)
            return
        self.result.sent.append(user_id)
        self._done(claim.run_id, str(response["channel"]), str(response["ts"]))

    def _done(self, run_id: int, channel: str, ts: str) -> None:
        claims.mark_done(self.db, ReminderRun, run_id, channel=channel, ts=ts, now=self.clock())

    def _failed(self, user_id: str, run_id: int, marker: str, exc: Exception) -> None:
        code = claims.error_code(exc)
        # A timeout or 5xx may have reached Slack before failing: look before releasing.
        if claims.may_have_posted(exc):
            try:
                found = self._find(user_id, marker)
            except claims.HistoryUnreadable as unreadable:
                self._unverified(user_id, run_id, f"{code}, then {unreadable.code}")
                return
            if found:
                self.result.recovered.append(user_id)
                self._done(run_id, *found)
                return
        logger.error("reminder for %s not sent: %s", user_id, code)
        claims.release(self.db, ReminderRun, run_id, error=code)
        self.result.failed[user_id] = code

    def _unverified(self, user_id: str, run_id: int, code: str) -> None:
        # Unknown whether it went out: a missing reminder is better than a duplicate.
        logger.error("reminder for %s not sent: DM history unreadable (%s)", user_id, code)
        claims.release(self.db, ReminderRun, run_id, error=claims.unverified(code))
        self.result.unverified[user_id] = code

    def _find(self, user_id: str, marker: str) -> tuple[str, str] | None:
        try:
            opened = self.client.conversations_open(users=user_id)
        except (SlackApiError, OSError) as exc:
            raise claims.HistoryUnreadable(claims.error_code(exc)) from exc
        channel = str(opened["channel"]["id"])
        oldest = datetime.combine(self.week, time(), tzinfo=UTC) - timedelta(days=1)
        ts = claims.look_for(self.client, channel, marker, oldest=oldest)
        return (channel, ts) if ts else None


def _insert(user_id: str, week: date, worker: str, session: Session, now: datetime) -> ReminderRun:
    return repo.insert_reminder_claim(user_id, week, worker=worker, now=now, session=session)


def _lookup(user_id: str, week: date, session: Session) -> ReminderRun | None:
    return repo.get_reminder_run(user_id, week, session=session)
