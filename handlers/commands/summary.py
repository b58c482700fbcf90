"""`/dhr summary [REVIEW]` (preview, "Post now" for coordinators) and `/dhr reminders on|off`."""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.messages.kit import escape
from bot.messages.summary import summary_fallback
from bot.messages.summary_preview import summary_preview
from bot.services import summaries
from handlers.commands.request import CommandRequest


def summary(req: CommandRequest) -> None:
    """Show this week's summary to the caller; coordinators get a "Post now" button."""
    slug = req.words[0] if req.words else None
    if slug is not None and slug.lower() in ("post", "send", "now"):
        raise UserFacingError(
            "To post this week's summary, type `/dhr summary` and press *Post now* under the "
            "preview (coordinators)."
        )
    found = summaries.preview(req.services.context, req.user_id, slug)
    if not found:
        raise UserFacingError(
            f"No review `{escape(slug[:40])}`." if slug else "No plan imported yet."
        )
    can_post = req.services.people.actor(req.user_id).coordinator
    for item in found[:5]:
        req.reply(summary_fallback(item)[:3000], summary_preview(item, can_post=can_post))


def reminders(req: CommandRequest) -> None:
    """Turn the weekly reminder DM on or off."""
    choice = req.words[0].lower() if req.words else ""
    if choice not in ("on", "off"):
        raise UserFacingError("Usage: `/dhr reminders off` or `/dhr reminders on`.")
    summaries.reminders(req.services.context, req.user_id, choice == "on")
    req.reply(f"Weekly reminders are now *{choice}* for you.")
