"""Weekly reminder DMs: one per owner listing their overdue, soon-due and stale actions.

Exactly once per owner per week, like the summary: the sender claims the (user, week)
row before the DM, records the message ts after, and looks in the DM's history before
re-sending a taken-over claim or releasing one whose post timed out or met a 5xx.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.clock import week_start
from bot.messages.reminders import reminder_blocks, reminder_text
from bot.readmodel.reminders import ReminderLine
from bot.roles import all_coordinators
from bot.weekly.claims import STALE_CLAIM
from bot.weekly.context import JobContext
from bot.weekly.escalation import escalation_lines, statement_lines
from bot.weekly.owners import reminder_lists
from bot.weekly.sender import Delivery, Message, Sender
from storage.models import ReminderRun
from storage.repositories import assurance as assurance_repo
from storage.repositories import reminder_prefs

logger = logging.getLogger(__name__)

EVENT_TYPE = "dhr_reminder"


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
    # The bot failed on this owner (logged with the ref); the others were still sent.
    errors: dict[str, str] = field(default_factory=dict)

    def record(self, user_id: str, delivery: Delivery, error: str | None) -> None:
        """File one owner under what became of their DM."""
        if delivery is Delivery.ERROR:
            self.errors[user_id] = str(error)
        elif delivery is Delivery.FAILED:
            self.failed[user_id] = str(error)
        elif delivery is Delivery.UNVERIFIED:
            self.unverified[user_id] = str(error)
        else:
            self._lists[delivery].append(user_id)

    @property
    def _lists(self) -> dict[Delivery, list[str]]:
        return {
            Delivery.SENT: self.sent,
            Delivery.RECOVERED: self.recovered,
            Delivery.ALREADY: self.already_sent,
            Delivery.BUSY: self.busy,
        }


def set_reminders(user_id: str, enabled: bool, *, session: Session, now: datetime) -> None:
    """Turn a person's weekly reminder DMs on or off."""
    reminder_prefs.set_reminder_preference(user_id, enabled, now=now, session=session)
    logger.info("reminders %s for %s", "on" if enabled else "off", user_id)


def send_reminders(ctx: JobContext) -> ReminderResult:
    """DM each owner who has actions needing them, at most once per owner per week."""
    today = ctx.today
    result = ReminderResult(week_start=week_start(today))
    with ctx.db.uow() as session:
        owners = weekly_lines(ctx, session)
        off = reminder_prefs.reminders_off(session=session)
    result.turned_off = sorted(user_id for user_id in owners if user_id in off)
    due = sorted(user_id for user_id in owners if user_id not in off)
    # Each owner on their own: one failure is logged and reported, the rest still go out.
    messages = [_message(user_id, owners[user_id], today, result.week_start) for user_id in due]
    for user_id, sent in zip(due, Sender(ctx).send_all(messages), strict=True):
        result.record(user_id, sent.delivery, sent.error)
        if sent.delivery in (Delivery.SENT, Delivery.RECOVERED, Delivery.ALREADY):
            _remember(ctx, user_id, owners[user_id], result.week_start)
    _tell_coordinators(ctx, result)
    logger.info(
        "reminders: %d sent, %d recovered, %d already, %d off, %d failed, %d unverified, "
        "%d busy, %d errors",
        len(result.sent),
        len(result.recovered),
        len(result.already_sent),
        len(result.turned_off),
        len(result.failed),
        len(result.unverified),
        len(result.busy),
        len(result.errors),
    )
    return result


def weekly_lines(ctx: JobContext, session: Session) -> dict[str, list[ReminderLine]]:
    """Return each person's lines: their actions, statements due, then drifting actions."""
    merged: dict[str, list[ReminderLine]] = defaultdict(list)
    parts = (
        reminder_lists(session=session, now=ctx.now, tz=ctx.tz),
        statement_lines(
            session=session, now=ctx.now, tz=ctx.tz, months=ctx.settings.dhr_assurance_months
        ),
        escalation_lines(
            session=session,
            now=ctx.now,
            tz=ctx.tz,
            coordinators=all_coordinators(
                session=session, env_coordinators=ctx.settings.dhr_coordinators
            ),
        ),
    )
    for part in parts:
        for user_id, lines in part.items():
            merged[user_id] += lines
    return dict(merged)


def _remember(ctx: JobContext, user_id: str, lines: list[ReminderLine], week: date) -> None:
    # Escalation counts the weeks an owner was reminded of an action without updating it.
    own = [(line.action_id, line.reason) for line in lines if line.reason != "escalated"]
    with ctx.db.uow() as session:
        assurance_repo.record_reminded(own, user_id, week, session=session)


def _message(user_id: str, lines: list[ReminderLine], today: date, week: date) -> Message:
    marker = f"dhr-reminder:{user_id}:{week.isoformat()}"
    return Message(
        model=ReminderRun,
        subject=user_id,
        week=week,
        marker=marker,
        event_type=EVENT_TYPE,
        to=user_id,
        text=reminder_text(lines),
        blocks=reminder_blocks(lines, today=today, marker=marker),
        label=f"reminder for {user_id}",
        dm=True,
    )


def _tell_coordinators(ctx: JobContext, result: ReminderResult) -> None:
    _tell_unfinished(ctx, result)
    if result.failed:
        codes = ", ".join(sorted(set(result.failed.values())))
        ctx.tell_coordinators(
            f":warning: {len(result.failed)} weekly reminder DM(s) could not be sent "
            f"(Slack answered {codes}); the next run will try again.",
        )
    if result.unverified:
        codes = ", ".join(sorted(set(result.unverified.values())))
        ctx.tell_coordinators(
            f":warning: {len(result.unverified)} weekly reminder DM(s) were not sent: an earlier "
            f"attempt may have reached them and the bot could not read the DM history to check "
            f"(Slack answered {codes}), so it did not send again rather than risk a duplicate. "
            "Give the app the im:history scope; each run checks again and sends only if missing.",
        )


def _tell_unfinished(ctx: JobContext, result: ReminderResult) -> None:
    if result.errors:
        refs = ", ".join(sorted(result.errors.values()))
        ctx.tell_coordinators(
            f":warning: {len(result.errors)} weekly reminder DM(s) hit an error in the bot "
            f"({refs}; the logs say more). Any that did go out are found by the next run "
            "and not sent again; the others are sent then.",
        )
    if result.busy:
        ctx.tell_coordinators(
            f":warning: {len(result.busy)} weekly reminder DM(s) were claimed by another "
            "process that had neither sent them nor given them up after "
            f"{int(STALE_CLAIM.total_seconds() // 60)} minutes. The next run will check each "
            "DM and send it if missing.",
        )
