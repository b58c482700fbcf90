"""Block Kit primitives and Slack mrkdwn escaping, shared by every message the bot builds."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.dates.calendar import for_people

Block = dict[str, Any]

SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75


def human_date(value: date | None) -> str:
    """Format a date for people, the one way every message does: Tue 3 Mar 2026."""
    return for_people(value) if value else "—"


def clip(text: str, limit: int) -> str:
    """Cut text to `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    """Return a plain_text object."""
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """Return a mrkdwn text object."""
    return {"type": "mrkdwn", "text": clip(text, SECTION_LIMIT)}


def section(text: str, accessory: Block | None = None) -> Block:
    """Return a section block."""
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def header(text: str) -> Block:
    """Return a header block."""
    return {"type": "header", "text": plain(text, 150)}


def context(text: str) -> Block:
    """Return a context block with one mrkdwn element."""
    return {"type": "context", "elements": [mrkdwn(clip(text, 2000))]}


def divider() -> Block:
    """Return a divider."""
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    """Return a button element."""
    element: Block = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT_LIMIT),
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """Return "1 action", "2 actions": a count with its noun agreeing."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
