"""Everything the console prepares before the first prompt: settings, demo data, people."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import SecretStr

from bot.clock import local_day
from bot.config import Settings
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from storage.db import Database
from storage.repositories import people, reviews

logger = logging.getLogger(__name__)

LILY_PLAN = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
CONSOLE_TOKEN = "xoxb-console"
DEMO_COORDINATOR = "U0COORD"
CONSOLE_CHANNEL = "C0DHRCONSOLE"
CONSOLE_CHANNEL_NAME = "dhr-console"
BOARD_CHANNEL = "C0DHRBOARD"
BOARD_CHANNEL_NAME = "dhr-board"


@dataclass(frozen=True)
class Person:
    """Someone the console can act as, and what the bot knows them as."""

    user_id: str
    role: str


def console_settings(base: Settings, *, slack_url: str) -> Settings:
    """Return `base` pointed at the in-process Slack, with a coordinator to try things as."""
    return base.model_copy(
        update={
            "slack_bot_token": SecretStr(CONSOLE_TOKEN),
            "slack_signing_secret": SecretStr(secrets.token_hex(16)),
            "slack_app_token": None,
            "slack_api_url": slack_url,
            "dhr_coordinators": base.dhr_coordinators or (DEMO_COORDINATOR,),
            "dhr_summary_channel": base.dhr_summary_channel or BOARD_CHANNEL,
        }
    )


def seed_if_empty(db: Database, *, now: datetime, settings: Settings) -> int | None:
    """Import the bundled Lily plan (with its demo people) when no review exists yet.

    Return how many actions were imported, or None when the database already had a plan.
    """
    with db.uow() as session:
        if reviews.list_reviews(session=session):
            return None
        parsed = parse_plan(LILY_PLAN)
        import_plan(parsed.document, session=session, now=now, today=local_day(now, settings.tz))
    logger.info("seeded the console database with review %s", parsed.document.review.slug)
    return sum(len(r.actions) for r in parsed.document.recommendations)


def demo_people(db: Database, settings: Settings) -> list[Person]:
    """Return the coordinators and every agency's leads and members."""
    found: dict[str, list[str]] = {}
    with db.uow() as session:
        for user_id in sorted(
            set(settings.dhr_coordinators) | set(people.coordinator_ids(session=session))
        ):
            found.setdefault(user_id, []).append("coordinator")
        for agency in people.list_agencies(session=session):
            for membership in people.members_of(agency.id, session=session):
                found.setdefault(membership.user_id, []).append(
                    f"{membership.role} of {agency.code}"
                )
    return [Person(user_id, ", ".join(roles)) for user_id, roles in found.items()]
