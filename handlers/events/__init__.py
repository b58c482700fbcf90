"""Events: App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.services import Services
from bot.workers import BUSY_TEXT
from handlers.support import deferred, publish_home, reports_errors


@reports_errors
def app_home_opened(event: dict[str, Any], client: WebClient, services: Services) -> None:
    """Publish the Home tab when someone opens it."""
    user = event.get("user")
    if event.get("tab", "home") == "home" and isinstance(user, str) and user:
        publish_home(client, services, user)


def _busy_home(args: Args) -> None:
    event = args.body.get("event") or {}
    if event.get("tab", "home") == "home" and event.get("user"):
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": BUSY_TEXT}}]
        args.client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})


def register(app: App) -> None:
    """Listen for App Home being opened."""
    app.event("app_home_opened")(deferred(app_home_opened, busy=_busy_home))
