"""Tell the partnership's coordinators by DM when a scheduled post could not go out."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from storage.db import Database
from storage.repositories import people

logger = logging.getLogger(__name__)


def coordinator_ids(db: Database, settings: Settings) -> list[str]:
    """Return DHR_COORDINATORS and the coordinators added in Slack, without repeats."""
    with db.uow() as session:
        added = people.coordinator_ids(session=session)
    return list(dict.fromkeys([*settings.dhr_coordinators, *added]))


def notify_coordinators(db: Database, client: WebClient, settings: Settings, text: str) -> int:
    """DM `text` to every coordinator; return how many DMs went out (failures are logged)."""
    sent = 0
    for user_id in coordinator_ids(db, settings):
        try:
            client.chat_postMessage(channel=user_id, text=text)
            sent += 1
        except (SlackApiError, OSError):
            logger.exception("could not DM coordinator %s", user_id)
    if not sent:
        logger.error("no coordinator could be told (set DHR_COORDINATORS)")
    return sent
