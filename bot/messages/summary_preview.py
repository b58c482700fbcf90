"""The summary as previewed to one person, with "Post now" for coordinators."""

from __future__ import annotations

from bot.messages.common import Block, button, context
from bot.messages.summary import summary_blocks
from bot.readmodel.summary import ReviewSummary

PREVIEW_BLOCKS = 46  # leave room under Slack's 50 for the preview's own lines


def summary_preview(item: ReviewSummary, *, can_post: bool) -> list[Block]:
    """Return the channel's summary, marked as a preview, plus "Post now" when allowed."""
    blocks = summary_blocks(item)[:PREVIEW_BLOCKS]
    blocks.append(context("Preview — only you can see this."))
    if can_post:
        blocks.append(
            {
                "type": "actions",
                "block_id": "summary_post",
                "elements": [button("Post now", "summary_post", item.slug, style="primary")],
            }
        )
    return blocks
