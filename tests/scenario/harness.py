"""What a scenario test holds: the running app and the means to talk to it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.localslack.server import LocalSlack
from bot.localslack.signing import SignedSender
from helpers import FrozenClock
from storage.db import Database


@dataclass
class Bot:
    """The running app and what a test needs to talk to it."""

    url: str
    slack: LocalSlack
    db: Database
    clock: FrozenClock
    sender: SignedSender
    settings: Settings
