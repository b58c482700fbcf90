"""The Slack Web API client the bot posts with, retrying what is safe to retry."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings

DEFAULT_TIMEOUT = 30


def make_client(settings: Settings, *, timeout: int = DEFAULT_TIMEOUT) -> WebClient:
    """Return a WebClient on SLACK_API_URL that retries rate limits, 5xx and lost connections."""
    return WebClient(
        token=settings.secret("slack_bot_token"),
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


def single_shot(client: WebClient) -> WebClient:
    """Return a copy of `client` that retries only rate limits.

    Used for messages that must not be duplicated: after a 5xx or a timeout Slack may have
    posted anyway, so the caller looks for the message instead of blindly sending it again.
    """
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)],
    )
