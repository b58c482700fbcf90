"""Exactly-once posting, Slack's side: the marker a message carries, and looking for it.

When Slack's history cannot be read (no history scope, Slack down), whether an earlier
attempt went out is unknown. We then do not post: the claim is marked failed as
"unverified" and the coordinators are told, so a missing message is the worst case,
never a duplicate. Every later run looks again and posts only once Slack says it is absent.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

HISTORY_PAGES = 5


class HistoryUnreadable(Exception):
    """Slack's history could not be read, so whether a message went out is unknown."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def error_code(exc: Exception) -> str:
    """Return Slack's error code for a failed call, or the exception's type for a network fault."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"http_{exc.response.status_code}")
    return type(exc).__name__


def may_have_posted(exc: Exception) -> bool:
    """Tell whether a failed post may have reached Slack anyway (a 5xx or a network fault)."""
    if isinstance(exc, SlackApiError):
        return int(exc.response.status_code) >= 500
    return True


def metadata(event_type: str, marker: str) -> dict[str, Any]:
    """Return message metadata carrying `marker`, so a later run can recognise the message."""
    return {"event_type": event_type, "event_payload": {"key": marker}}


def _has_marker(message: dict[str, Any], marker: str) -> bool:
    payload = (message.get("metadata") or {}).get("event_payload") or {}
    if payload.get("key") == marker:
        return True
    return any(block.get("block_id") == marker for block in message.get("blocks") or [])


def find_marked(client: WebClient, channel: str, marker: str, *, oldest: datetime) -> str | None:
    """Return the ts of a message in `channel` since `oldest` that carries `marker`, if any."""
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        page = client.conversations_history(
            channel=channel,
            oldest=f"{oldest.timestamp():.6f}",
            limit=200,
            include_all_metadata=True,
            cursor=cursor,
        )
        for message in page.get("messages") or []:
            if _has_marker(message, marker):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not page.get("has_more") or not cursor:
            return None
    return None


def look_for(client: WebClient, channel: str, marker: str, *, oldest: datetime) -> str | None:
    """Like find_marked, but raise HistoryUnreadable when Slack cannot tell us.

    A failed read is no evidence that nothing was posted: posting on it could duplicate.
    """
    try:
        return find_marked(client, channel, marker, oldest=oldest)
    except (SlackApiError, OSError) as exc:
        code = error_code(exc)
        logger.warning("could not read the history of %s to look for %s: %s", channel, marker, code)
        raise HistoryUnreadable(code) from exc
