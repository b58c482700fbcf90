"""What a scenario test holds: the running app and the means to talk to it."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import func, select

from blockkit_limits import assert_within_limits
from bot.config import Settings
from devkit.localslack.server import Call, LocalSlack
from devkit.localslack.signing import SignedSender
from helpers import FrozenClock
from storage.db import Database
from storage.models import Evidence, Update


@dataclass
class Bot:
    """The running app and what a test needs to talk to it."""

    url: str
    slack: LocalSlack
    db: Database
    clock: FrozenClock
    sender: SignedSender
    settings: Settings


def stored(bot: Bot) -> tuple[int, int]:
    """Count updates made by people (not the import) and evidence rows."""
    with bot.db.uow() as session:
        updates = session.scalar(
            select(func.count()).select_from(Update).where(Update.source != "import")
        )
        evidence = session.scalar(select(func.count()).select_from(Evidence))
    return int(updates or 0), int(evidence or 0)


def wait_named(bot: Bot, name: str, timeout: float = 5) -> Call:
    """Return the first post to the response_url labelled `name`, checked against the limits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        named = [c for c in bot.slack.calls_to("response_url") if c.name == name]
        if named:
            assert_within_limits(named[0])
            return named[0]
        time.sleep(0.01)
    raise AssertionError(f"no reply posted to the response_url {name}")
