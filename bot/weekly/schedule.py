"""The clock: the weekly summary and reminders on DHR_SUMMARY_SCHEDULE in DHR_TIMEZONE.

The cron trigger works in local time, so "mon 09:00" stays 09:00 on the wall clock
across the March and October changes. Several clocks may run: the database claims make
each post happen once, which also makes a catch-up run at start-up safe.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.weekly.context import JobContext
from bot.weekly.reminder_job import ReminderResult, send_reminders
from bot.weekly.summary_job import PostResult, post_summaries
from storage.db import Database

logger = logging.getLogger(__name__)

_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)"
_DAY_SPEC = re.compile(rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
# A clock that starts within this long after a missed fire time runs the job at once.
CATCH_UP = timedelta(hours=12)


class ScheduleError(ValueError):
    """DHR_SUMMARY_SCHEDULE cannot be read."""


@dataclass(frozen=True)
class Schedule:
    """A weekly time: APScheduler day-of-week spec, hour and minute, in local time."""

    days: str
    hour: int
    minute: int


def parse_schedule(text: str) -> Schedule:
    """Read a schedule like `mon 09:00`, `mon,thu 08:30`, `mon-fri 9:00` or `daily 09:00`."""
    parts = text.strip().lower().split()
    if len(parts) != 2:
        raise ScheduleError(
            f"DHR_SUMMARY_SCHEDULE {text!r}: expected a day and a time, like 'mon 09:00'"
        )
    day, clock = parts
    day = "mon-sun" if day in ("daily", "*") else day
    if not _DAY_SPEC.fullmatch(day):
        raise ScheduleError(
            f"DHR_SUMMARY_SCHEDULE {text!r}: days are mon..sun, e.g. 'mon' or 'mon,thu'"
        )
    match = _TIME.fullmatch(clock)
    if match is None:
        raise ScheduleError(f"DHR_SUMMARY_SCHEDULE {text!r}: the time must be HH:MM, 24-hour")
    return Schedule(day, int(match.group(1)), int(match.group(2)))


def weekly_trigger(schedule: str, timezone: str) -> CronTrigger:
    """Return the cron trigger for a schedule in a time zone (wall-clock time across DST)."""
    parsed = parse_schedule(schedule)
    return CronTrigger(
        day_of_week=parsed.days, hour=parsed.hour, minute=parsed.minute, timezone=ZoneInfo(timezone)
    )


def missed_fire(
    trigger: CronTrigger, now: datetime, *, within: timedelta = CATCH_UP
) -> datetime | None:
    """Return the latest fire time in the `within` before `now`, if there was one."""
    latest = None
    moment = trigger.get_next_fire_time(None, now - within)
    while moment is not None and moment <= now:
        latest = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return latest


def worker_id(role: str) -> str:
    """Return an id for this process in claims: host, pid and role."""
    return f"{socket.gethostname()}:{os.getpid()}:{role}"[:100]


def weekly_job(ctx: JobContext) -> tuple[list[PostResult], ReminderResult]:
    """Post every review's summary and send the reminders; each at most once this week."""
    logger.info("weekly job starting (%s)", ctx.worker)
    results = post_summaries(ctx)
    reminders = send_reminders(ctx)
    outcomes = {
        outcome: sum(r.outcome == outcome for r in results)
        for outcome in ("posted", "recovered", "already_posted", "busy", "failed")
    }
    logger.info("weekly job done: summaries %s", outcomes)
    return results, reminders


def _run(db: Database, client: WebClient, settings: Settings, clock: Clock, worker: str) -> None:
    try:
        ctx = JobContext.start(
            db=db, client=client, settings=settings, now=clock(), worker=worker, clock=clock
        )
        weekly_job(ctx)
    except Exception:  # the clock must survive one bad week; the claims let next time retry
        logger.exception("weekly job failed")


def run_clock(
    settings: Settings, db: Database, client: WebClient, *, clock: Clock = system_clock
) -> None:
    """Run the weekly job on schedule until interrupted, catching up a just-missed run first."""
    trigger = weekly_trigger(settings.dhr_summary_schedule, settings.dhr_timezone)
    worker = worker_id("clock")
    now = clock()
    if (missed := missed_fire(trigger, now)) is not None:
        logger.info("catching up the run due at %s", missed.isoformat())
        _run(db, client, settings, clock, worker)
    scheduler = BlockingScheduler(timezone=settings.tz)
    scheduler.add_job(
        _run,
        trigger,
        args=(db, client, settings, clock, worker),
        id="weekly",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(CATCH_UP.total_seconds()),
    )
    logger.info("clock started; next run at %s", trigger.get_next_fire_time(None, now))
    scheduler.start()


__all__ = [
    "Schedule",
    "ScheduleError",
    "missed_fire",
    "parse_schedule",
    "run_clock",
    "weekly_job",
    "weekly_trigger",
    "worker_id",
]
