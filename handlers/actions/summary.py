"""The "Post now" button under a summary preview (coordinators, checked at the press)."""

from __future__ import annotations

from slack_bolt import App

from bot.messages.confirm import post_outcomes
from bot.services import summaries
from handlers.clicks import Click, on_click
from handlers.support import deferred, require_message


def post_summary(click: Click) -> None:
    """Post the summary now, at most once this week."""
    require_message(click.respond)
    results = summaries.post_now(click.services.context, click.user, click.client, click.value)
    click.respond(
        text=post_outcomes((r.review, r.outcome, r.error) for r in results),
        replace_original=False,
        response_type="ephemeral",
    )


def register(app: App) -> None:
    """Listen for "Post now"."""
    app.action("summary_post")(deferred(on_click(post_summary)))
