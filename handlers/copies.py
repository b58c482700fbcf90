"""After evidence is saved: copy its Slack files to the store, and say what could not be kept."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages.evidence_copy import copy_failed, not_copied
from bot.services import Services
from bot.services.evidence import FAILED, NOT_COPIED

logger = logging.getLogger(__name__)


def keep_copies(
    services: Services, client: WebClient, action_id: int, file_ids: tuple[str, ...]
) -> None:
    """Copy the files (in the deferred work that saved them); nothing fails silently."""
    if not file_ids:
        return
    source = services.evidence.source_for(client, client.token or "")
    outcomes = services.evidence.copy_files(action_id, file_ids, source)
    failed = [o for o in outcomes if o.state == FAILED]
    for outcome in outcomes:
        if outcome.state == NOT_COPIED:
            _dm(
                client,
                outcome.added_by,
                not_copied(outcome.full_ref, outcome.file_name, outcome.note or ""),
            )
    if not failed:
        return
    coordinators = services.evidence.coordinators()
    if not coordinators:
        logger.error("evidence copies failed and no coordinator can be told (DHR_COORDINATORS)")
    for outcome in failed:
        text = copy_failed(
            outcome.full_ref, outcome.file_name, outcome.added_by, outcome.note or ""
        )
        for user in coordinators:
            _dm(client, user, text)


def _dm(client: WebClient, user: str, text: str) -> None:
    try:
        client.chat_postMessage(channel=user, text=text)
    except (SlackApiError, OSError):
        logger.exception("could not DM %s about an evidence copy", user)
