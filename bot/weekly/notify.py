"""Tell the partnership's coordinators by DM when a scheduled post could not go out."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.roles import all_coordinators
from storage.db import Database

logger = logging.getLogger(__name__)


def notify_coordinators(db: Database, client: WebClient, settings: Settings, text: str) -> int:
    """DM `text` to every coordinator; return how many DMs went out (failures are logged)."""
    with db.uow() as session:
        # The same list the permission checks use, so nobody is told who may not act.
        coordinators = all_coordinators(session=session, env_coordinators=settings.dhr_coordinators)
    sent = 0
    for user_id in coordinators:
        try:
            client.chat_postMessage(channel=user_id, text=text)
            sent += 1
        except (SlackApiError, OSError):
            logger.exception("could not DM coordinator %s", user_id)
    if not sent:
        logger.error("no coordinator could be told (set DHR_COORDINATORS)")
    return sent
