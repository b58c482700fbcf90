"""What every weekly job runs with: one object instead of six arguments threaded through."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.clock import Clock, local_day
from bot.config import Settings
from bot.weekly.notify import notify_coordinators
from storage.db import Database


def elapsed_clock(start: datetime) -> Clock:
    """Return a clock that reads `start` plus the time elapsed since this call."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


@dataclass(frozen=True)
class JobContext:
    """The database, Slack client and settings of one run, the moment it is about, and who runs it.

    `now` decides what is due and which week it is; `clock` stamps each claim when it is
    made, so a claim late in a long run does not look abandoned to another worker.
    """

    db: Database
    client: WebClient
    settings: Settings
    now: datetime
    worker: str
    clock: Clock
    # How the run waits for another worker's claim to finish or go stale (tests pass a fake).
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def start(
        cls,
        *,
        db: Database,
        client: WebClient,
        settings: Settings,
        now: datetime,
        worker: str,
        clock: Clock | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> JobContext:
        """Return the context of a run about `now` (claims stamped `now` plus time elapsed)."""
        return cls(db, client, settings, now, worker, clock or elapsed_clock(now), sleep)

    @property
    def tz(self) -> ZoneInfo:
        """Return the partnership's time zone."""
        return self.settings.tz

    @property
    def today(self) -> date:
        """Return the partnership's calendar day at `now`."""
        return local_day(self.now, self.settings.tz)

    def tell_coordinators(self, text: str) -> int:
        """DM `text` to every coordinator; return how many DMs went out."""
        return notify_coordinators(self.db, self.client, self.settings, text)
