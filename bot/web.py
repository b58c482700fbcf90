"""HTTP serving: `POST /slack/events` through Bolt, `GET /healthz` with the database's state."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.config import Settings
from storage.db import Database

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def wsgi_app(app: App, db: Database) -> WSGIApp:
    """Return a WSGI application serving Slack's requests and the health check."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            up = db.ping()
            body = json.dumps(
                {"status": "ok" if up else "unavailable", "database": "up" if up else "down"}
            ).encode()
            start_response(
                "200 OK" if up else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if path == EVENTS_PATH:
            return slack(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found"]

    return application


def production_app() -> WSGIApp:
    """Build the WSGI app from the environment: gunicorn's `bot.web:production_app()`."""
    from bot.app import create_app
    from bot.logs import configure_logging

    configure_logging()
    settings = Settings()
    settings.require("slack_bot_token", "slack_signing_secret")
    db = Database(settings.database_url)
    db.require_current()  # workers never migrate: `dhr-bot db upgrade` does
    return wsgi_app(create_app(settings, db=db), db)
