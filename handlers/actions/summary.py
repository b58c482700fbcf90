"""The "Post now" button under a summary preview (coordinators, checked at the press)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.messages.confirm import post_outcomes
from bot.services import Services, summaries
from handlers.support import deferred, reports_errors


@reports_errors
def post_summary(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    """Post the summary now, at most once this week."""
    results = summaries.post_now(services.context, body["user"]["id"], client, action["value"])
    respond(
        text=post_outcomes((r.review, r.outcome, r.error) for r in results),
        replace_original=False,
        response_type="ephemeral",
    )


def register(app: App) -> None:
    """Listen for "Post now"."""
    app.action("summary_post")(deferred(post_summary))
