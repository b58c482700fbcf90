"""Fixtures for the summary, reminder and clock tests: a local Slack and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.blockkit_limits import check_call
from bot.config import Settings
from bot.localslack import LocalSlack
from bot.slackclient import make_client

CHANNEL = "C0SUMMARY"
COORDINATOR = "U0COORD"


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    """Return a running local Slack with a private summary channel the bot is in."""
    with LocalSlack() as server:
        server.add_channel(CHANNEL, "dhr-board", is_private=True)
        yield server
        problems = [
            (call.method, problem)
            for call in server.calls
            for problem in check_call(call.method, call.args)
        ]
        assert problems == []


def make_settings(slack: LocalSlack, **overrides: object) -> Settings:
    """Return settings that post to the local Slack's summary channel."""
    values: dict[str, object] = {
        "slack_bot_token": "xoxb-test-token",
        "slack_api_url": slack.url,
        "dhr_summary_channel": CHANNEL,
        "dhr_coordinators": COORDINATOR,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(slack: LocalSlack) -> Settings:
    """Return settings pointing at the local Slack."""
    return make_settings(slack)


@pytest.fixture
def client(settings: Settings) -> WebClient:
    """Return the bot's client, with its retry handlers, on the local Slack."""
    return make_client(settings, timeout=2)
