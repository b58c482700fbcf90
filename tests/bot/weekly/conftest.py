"""Fixtures for the summary, reminder and clock tests: a local Slack and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from blockkit_limits import check_call
from bot.config import Settings
from bot.slackclient import make_client
from devkit.localslack import LocalSlack
from summary_settings import CHANNEL, make_settings


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


@pytest.fixture
def settings(slack: LocalSlack) -> Settings:
    """Return settings pointing at the local Slack."""
    return make_settings(slack)


@pytest.fixture
def client(settings: Settings) -> WebClient:
    """Return the bot's client, with its retry handlers, on the local Slack."""
    return make_client(settings, timeout=2)
