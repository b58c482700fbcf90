"""Constants and helpers shared by the tests (conftest files hold only fixtures)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# A Thursday: tests that need "now" use this unless they say otherwise.
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def postgres_url() -> str | None:
    """Return TEST_DATABASE_URL when the suite runs on PostgreSQL."""
    return os.environ.get("TEST_DATABASE_URL") or None


class FrozenClock:
    """A clock tests can set and move."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
