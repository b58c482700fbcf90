"""`/dhr review SLUG add|remove AGENCY` and `/dhr names SLUG add|remove|list` (coordinators)."""

from __future__ import annotations

import re

from bot.errors import UserFacingError
from bot.messages.confirm import protected_reply
from bot.messages.kit import escape
from handlers.commands.request import CommandRequest

# `add "Real Name" as Pseudonym`: straight or curly quotes, or none.
_ADD = re.compile(
    r"^add\s+(?:[\"“”](?P<quoted>[^\"“”]+)[\"“”]|(?P<bare>.+?))\s+as\s+(?P<pseudonym>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_REMOVE = re.compile(
    r"^remove\s+(?:[\"“”](?P<quoted>[^\"“”]+)[\"“”]|(?P<bare>.+))$", re.IGNORECASE | re.DOTALL
)

REVIEW_USAGE = "Usage: `/dhr review SLUG add AGENCY`, `/dhr review SLUG remove AGENCY`."
NAMES_USAGE = (
    'Usage: `/dhr names SLUG add "Real Name" as Pseudonym`, '
    '`/dhr names SLUG remove "Real Name"` or `/dhr names SLUG list`.'
)


def review(req: CommandRequest) -> None:
    """Add an agency to a review, remove one, or list those added (coordinators only)."""
    if not req.words:
        raise UserFacingError(REVIEW_USAGE)
    slug = req.words[0]
    verb = req.words[1].lower() if len(req.words) > 1 else "list"
    if verb == "list" and len(req.words) <= 2:
        shown, codes = req.services.reviews.agencies(req.user_id, slug)
        added = ", ".join(escape(c) for c in codes) or "none"
        req.reply(f"Agencies added to `{shown}` by a coordinator: {added}.")
        return
    if verb not in ("add", "remove") or len(req.words) != 3:
        raise UserFacingError(REVIEW_USAGE)
    add = verb == "add"
    code, changed = req.services.reviews.set_agency(req.user_id, slug, req.words[2], add=add)
    if add:
        req.reply(
            f"{escape(code)} {'now takes' if changed else 'already took'} part in that review: "
            "its people can see it."
        )
    else:
        req.reply(
            f"{escape(code)} was {'removed from' if changed else 'not added to'} that review "
            "(its own actions still let its people see it)."
        )


def names(req: CommandRequest) -> None:
    """Keep real names out of a review's record; the list shows initials only."""
    if not req.words:
        raise UserFacingError(NAMES_USAGE)
    slug = req.words[0]
    rest = req.rest[len(req.words[0]) :].strip()
    verb = req.words[1].lower() if len(req.words) > 1 else "list"
    if verb == "list":
        found = req.services.reviews.names(req.user_id, slug)
        lines = [f"• {escape(i)} → {escape(p) or '(no pseudonym)'}" for i, p in found.initials]
        req.reply(
            f"`{found.slug}` keeps {len(lines)} protected name{'s' if len(lines) != 1 else ''} "
            "out of its record" + (":\n" + "\n".join(lines) if lines else ".")
        )
        return
    if verb == "add" and (match := _ADD.match(rest)):
        name = match["quoted"] or match["bare"] or ""
        done = req.services.reviews.protect_name(
            req.user_id, slug, name, match["pseudonym"].strip().strip('"“”')
        )
        # Never echo the name back: the reply is seen in the channel's history by its owner.
        req.reply(protected_reply(done.added, done.slug, done.held))
        return
    if verb == "remove" and (match := _REMOVE.match(rest)):
        removed = req.services.reviews.unprotect_name(
            req.user_id, slug, match["quoted"] or match["bare"] or ""
        )
        req.reply(
            "That name is no longer protected." if removed else "That name was not protected."
        )
        return
    raise UserFacingError(NAMES_USAGE)
