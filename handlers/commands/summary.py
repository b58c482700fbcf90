"""`/dhr summary [REVIEW]` (preview, "Post now" for coordinators) and `/dhr reminders on|off`."""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.summary.render import summary_blocks, summary_text
from bot.tracker import summaries
from handlers.blocks.common import button, context
from handlers.commands.request import CommandRequest

PREVIEW_BLOCKS = 46


def summary(req: CommandRequest) -> None:
    """Show this week's summary to the caller; coordinators get a "Post now" button."""
    slug = req.words[0] if req.words else None
    found = summaries.preview(req.tracker, req.user_id, slug)
    if not found:
        raise UserFacingError(f"No review `{slug}`." if slug else "No plan imported yet.")
    actor = req.tracker.actor(req.user_id)
    for item in found[:5]:
        blocks = summary_blocks(item)[:PREVIEW_BLOCKS]
        blocks.append(context("Preview — only you can see this."))
        if actor.coordinator:
            blocks.append(
                {
                    "type": "actions",
                    "block_id": "summary_post",
                    "elements": [button("Post now", "summary_post", item.slug, style="primary")],
                }
            )
        req.reply(summary_text(item)[:3000], blocks)


def reminders(req: CommandRequest) -> None:
    """Turn the weekly reminder DM on or off."""
    choice = req.words[0].lower() if req.words else ""
    if choice not in ("on", "off"):
        raise UserFacingError("Usage: `/dhr reminders off` or `/dhr reminders on`.")
    summaries.reminders(req.tracker, req.user_id, choice == "on")
    req.reply(f"Weekly reminders are now *{choice}* for you.")
