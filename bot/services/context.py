"""What every service shares: the database, settings, clock and the caller's roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.clock import Clock, local_day
from bot.config import Settings
from bot.permissions import Actor
from bot.roles import all_coordinators, load_actor
from storage.db import Database


@dataclass(frozen=True)
class ServiceContext:
    """The services' shared dependencies; the coordinators from the environment live here once."""

    db: Database
    settings: Settings
    clock: Clock

    @property
    def env_coordinators(self) -> tuple[str, ...]:
        """Return the coordinators named in DHR_COORDINATORS."""
        return self.settings.dhr_coordinators

    def today(self) -> date:
        """Return today in the partnership's time zone."""
        return local_day(self.clock(), self.settings.tz)

    def actor(self, user_id: str, *, session: Session) -> Actor:
        """Load who `user_id` is, inside the caller's unit of work."""
        return load_actor(user_id, session=session, env_coordinators=self.env_coordinators)

    def coordinators(self, *, session: Session) -> list[str]:
        """Return every coordinator, from the environment and the database."""
        return all_coordinators(session=session, env_coordinators=self.env_coordinators)
