"""Events: App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import Services
from handlers.support import publish_home, reports_errors


@reports_errors
def app_home_opened(event: dict[str, Any], client: WebClient, services: Services) -> None:
    """Publish the Home tab when someone opens it."""
    user = event.get("user")
    if event.get("tab", "home") == "home" and isinstance(user, str) and user:
        publish_home(client, services, user)


def register(app: App) -> None:
    """Listen for App Home being opened."""
    app.event("app_home_opened")(app_home_opened)
