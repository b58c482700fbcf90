"""Everything the console prepares before the first prompt: settings, demo data, people."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from bot.config import Settings
from bot.plans.parse import parse_plan
from bot.services import Services

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


def seed_if_empty(services: Services) -> int | None:
    """Import the bundled Lily plan (with its demo people) when no review exists yet.

    Return how many actions were imported, or None when the database already had a plan.
    """
    if services.plans.review_slugs():
        return None
    parsed = parse_plan(LILY_PLAN)
    if not services.plans.seed(parsed.document):
        return None  # another console seeded it first
    logger.info("seeded the console database with review %s", parsed.document.review.slug)
    return sum(len(r.actions) for r in parsed.document.recommendations)


def demo_people(services: Services) -> list[Person]:
    """Return the coordinators and every agency's leads and members."""
    return [Person(user_id, ", ".join(roles)) for user_id, roles in services.people.roster()]
