"""HTTP serving: `POST /slack/events` through Bolt, `GET /healthz` with the database's state."""

from __future__ import annotations

import gc
import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.config import Settings
from bot.envelope import body_problem
from storage.db import Database

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Slack's payloads are a few kilobytes; anything past this is refused unread.
MAX_BODY = 1024 * 1024
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
            refused = _refuse_body(environ)
            if refused is not None:
                return _plain(start_response, *refused)
            return slack(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found"]

    return application


def _refuse_body(environ: dict[str, Any]) -> tuple[str, str] | None:
    """Read the body (at most MAX_BODY) into the environ; return a refusal, or None to serve.

    The size is checked from Content-Length before reading, and the read is capped too, so
    a body that lies about its length is never read past the limit.
    """
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    declared = str(environ.get("CONTENT_LENGTH") or "0").strip() or "0"
    if not declared.isdigit():
        return "400 Bad Request", "The request's Content-Length is not a number."
    length = int(declared)
    if length > MAX_BODY:
        logger.warning("request refused: body of %d bytes is over the limit", length)
        return "413 Content Too Large", "The request is too large."
    body = environ["wsgi.input"].read(length) if length else b""
    if len(body) > MAX_BODY:
        return "413 Content Too Large", "The request is too large."
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        logger.warning("request refused: body is not UTF-8")
        return "400 Bad Request", "The request body is not UTF-8 text."
    problem = body_problem(text, str(environ.get("CONTENT_TYPE") or ""))
    if problem is not None and _signed(environ):
        # Only a signed body is judged here: an unsigned one still gets Bolt's 401.
        logger.warning("request refused: %s", problem)
        return "400 Bad Request", problem
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return None


def _signed(environ: dict[str, Any]) -> bool:
    return bool(environ.get("HTTP_X_SLACK_SIGNATURE"))


def _plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def production_app() -> WSGIApp:
    """Build the WSGI app from the environment: gunicorn's `bot.web:production_app()`."""
    from bot.app import create_app
    from bot.logs import configure_logging

    configure_logging()
    settings = Settings()
    settings.require("slack_bot_token", "slack_signing_secret")
    db = Database(settings.database_url)
    db.require_current()  # workers never migrate: `dhr-bot db upgrade` does
    app = wsgi_app(create_app(settings, db=db), db)
    settle_heap()
    return app


def settle_heap() -> None:
    """Keep what start-up built out of the garbage collector's full passes.

    A worker starts with ~90,000 objects (SQLAlchemy, Bolt, pydantic, the listeners) that
    live as long as it does. A full collection walks them all: 35 ms with every thread
    stopped, every few hundred requests, which is an ack or a reply that late. Frozen, they
    are skipped: a full collection then takes under a millisecond (bench/RESULTS.md).
    """
    gc.collect()
    gc.freeze()
