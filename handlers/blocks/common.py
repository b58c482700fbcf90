"""Small Block Kit pieces shared by every builder."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.status import RAG_EMOJI
from bot.tracker.views import ActionView

Block = dict[str, Any]

SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75


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


def day(value: date | None) -> str:
    """Format a date the way UK readers expect: Tue 3 Mar 2026."""
    return f"{value:%a} {value.day} {value:%b %Y}" if value else "—"


def status_line(view: ActionView) -> str:
    """Return the RAG dot, status label and due date of an action."""
    label = view.status.label + (" · *overdue*" if view.overdue else "")
    if view.completed_on:
        when = f"completed {day(view.completed_on)}"
    elif view.due_date:
        when = f"due {day(view.due_date)}"
    elif view.target_flag:
        when = f"target “{escape(view.target_text)}” needs a coordinator"
    else:
        when = f"target “{escape(view.target_text)}”" if view.target_text else "no target"
    return f"{RAG_EMOJI[view.rag]} {label} · {when}"


def action_line(view: ActionView) -> str:
    """Return an action's ref, text and state as mrkdwn for lists."""
    owner = f" · owner <@{view.owner_id}>" if view.owner_id else ""
    text = clip(escape(view.text), 400)
    return f"*`{view.full_ref}`* {text}\n{status_line(view)} · {view.agency}{owner}"
