"""Scenario fixtures: the real app over HTTP, signed requests, and a local Slack Web API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from blockkit_limits import assert_within_limits
from bot.app import create_app
from bot.config import Settings
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.web import wsgi_app
from devkit.localslack.server import Call, LocalSlack
from devkit.localslack.signing import SignedSender
from harness import Bot, ListenerPool, serving
from helpers import NOW, FrozenClock
from storage.db import Database

SECRET = "test-signing-secret"
LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
COORDINATOR = "U0COORD"
SUMMARY_CHANNEL = "C0BOARD"


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
        dhr_evidence_retry_seconds=0,  # retried downloads go again at once in tests
    )
    slack.add_channel(SUMMARY_CHANNEL, "dhr-board", is_private=True)
    clock = FrozenClock(NOW)
    listeners = ListenerPool()
    app = create_app(settings, db=db, clock=clock, listener_executor=listeners)
    # Every message, modal and Home the app sends in a scenario is checked against Slack's
    # Block Kit limits (unique action_ids per block, block_ids per message or view, sizes).
    sent: list[Call] = []
    stop = slack.on_call(sent.append)
    try:
        with serving(wsgi_app(app, db)) as root:
            url = f"{root}/slack/events"
            sender = SignedSender(url, SECRET, response_url=slack.response_url)
            yield Bot(url, slack, db, clock, sender, settings, listeners)
    finally:
        listeners.shutdown(wait=True, cancel_futures=True)
        stop()
    for call in sent:
        assert_within_limits(call)
