"""Settings for the summary tests: post to a local Slack's private summary channel."""

from __future__ import annotations

from bot.config import Settings
from devkit.localslack import LocalSlack

CHANNEL = "C0SUMMARY"
COORDINATOR = "U0COORD"


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
