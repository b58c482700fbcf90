"""Events: App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.messages.home import home_view
from bot.services.service import Tracker
from handlers.support import reports_errors


def publish_home(client: WebClient, tracker: Tracker, user_id: str) -> None:
    """Publish (or refresh) one person's Home tab."""
    client.views_publish(user_id=user_id, view=home_view(tracker.home(user_id)))


@reports_errors
def app_home_opened(event: dict[str, Any], client: WebClient, tracker: Tracker) -> None:
    """Publish the Home tab when someone opens it."""
    if event.get("tab", "home") == "home":
        publish_home(client, tracker, event["user"])


def register(app: App) -> None:
    """Listen for App Home being opened."""
    app.event("app_home_opened")(app_home_opened)
