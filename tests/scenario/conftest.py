"""Scenario fixtures: the real app over HTTP, signed requests, and a local Slack Web API."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from bot.app import create_app
from bot.config import Settings
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.web import wsgi_app
from devkit.localslack.server import LocalSlack
from devkit.localslack.signing import SignedSender
from harness import Bot
from helpers import NOW, FrozenClock
from storage.db import Database

SECRET = "test-signing-secret"
LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
COORDINATOR = "U0COORD"
SUMMARY_CHANNEL = "C0BOARD"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    """Run the local Slack Web API for one test."""
    with LocalSlack() as server:
        yield server


@pytest.fixture
def bot(db: Database, slack: LocalSlack) -> Iterator[Bot]:
    """Serve the real app on loopback with the Lily plan imported and a coordinator set."""
    with db.uow() as session:
        import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        dhr_coordinators=(COORDINATOR,),
        database_url=db.url,
        dhr_summary_channel=SUMMARY_CHANNEL,
    )
    slack.add_channel(SUMMARY_CHANNEL, "dhr-board", is_private=True)
    clock = FrozenClock(NOW)
    app = create_app(settings, db=db, clock=clock)
    server = make_server(
        "127.0.0.1", 0, wsgi_app(app, db), server_class=_Server, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/slack/events"
    try:
        yield Bot(
            url,
            slack,
            db,
            clock,
            SignedSender(url, SECRET, response_url=slack.response_url),
            settings,
        )
    finally:
        server.shutdown()
        server.server_close()
