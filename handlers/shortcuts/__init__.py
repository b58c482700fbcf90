"""The message shortcut "Add as DHR evidence" (callback_id `add_evidence`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.messages.evidence_form import evidence_modal
from bot.permissions import Operation
from bot.roles import authorize
from bot.services import Services
from handlers.support import Malformed, deferred, reports_errors, text_of, user_id_of


@reports_errors
def add_evidence(shortcut: dict[str, Any], client: WebClient, services: Services) -> None:
    """Open the evidence form for the message the shortcut was used on."""
    user = user_id_of(shortcut)
    # A stranger is told who can add them, not shown a form.
    authorize(services.people.actor(user), Operation.READ)
    message = shortcut.get("message")
    channel = shortcut.get("channel")
    channel_id = channel.get("id") if isinstance(channel, dict) else None
    if not isinstance(message, dict) or not isinstance(channel_id, str):
        raise Malformed("a shortcut without its message")
    client.views_open(
        trigger_id=text_of(shortcut, "trigger_id", "a shortcut without a trigger"),
        view=evidence_modal(
            user=user,
            channel=channel_id,
            message_ts=text_of(message, "ts", "a shortcut without its message"),
            excerpt=str(message.get("text") or ""),
            files=tuple(
                (str(f.get("id")), str(f.get("name") or f.get("title") or "file"))
                for f in _listed(message.get("files"))
                if isinstance(f, dict) and f.get("id")
            ),
        ),
    )


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def register(app: App) -> None:
    """Listen for the message shortcut."""
    app.shortcut("add_evidence")(deferred(add_evidence))
