"""Slack listeners, one folder per kind; `register_listeners` reads like a routing table."""

from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, events, shortcuts, views


def register_listeners(app: App) -> None:
    """Register every listener on the app."""
    commands.register(app)
    actions.register(app)
    views.register(app)
    shortcuts.register(app)
    events.register(app)
    actions.register_fallback(app)  # last: it matches every action id
