"""The message shortcut "Add as DHR evidence" (callback_id `add_evidence`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.messages.evidence_form import evidence_modal
from bot.permissions import Operation
from bot.roles import authorize
from bot.services import Services
from handlers.support import reports_errors


@reports_errors
def add_evidence(ack: Ack, shortcut: dict[str, Any], client: WebClient, services: Services) -> None:
    """Open the evidence form for the message the shortcut was used on."""
    ack()
    user = shortcut["user"]["id"]
    # A stranger is told who can add them, not shown a form.
    authorize(services.people.actor(user), Operation.READ)
    message = shortcut.get("message") or {}
    client.views_open(
        trigger_id=shortcut["trigger_id"],
        view=evidence_modal(
            user=user,
            channel=shortcut["channel"]["id"],
            message_ts=message.get("ts", ""),
            excerpt=message.get("text", ""),
            files=tuple(
                (str(f.get("id")), str(f.get("name") or f.get("title") or "file"))
                for f in message.get("files") or []
                if isinstance(f, dict) and f.get("id")
            ),
        ),
    )


def register(app: App) -> None:
    """Listen for the message shortcut."""
    app.shortcut("add_evidence")(add_evidence)
