"""One `/dhr` invocation, parsed: who, what, and how to answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.errors import UserFacingError
from bot.services import Services

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_BARE_ID = re.compile(r"^@?([UW][A-Z0-9]{2,})$")


@dataclass
class CommandRequest:
    """What a subcommand handler needs; handlers call one service and render."""

    user_id: str
    channel_id: str | None
    trigger_id: str | None
    words: list[str]
    rest: str
    services: Services
    client: WebClient
    respond: Respond

    def reply(
        self, text: str, blocks: list[dict[str, Any]] | None = None, *, replace: bool = False
    ) -> None:
        """Answer the caller only (ephemeral)."""
        self.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=replace)


def parse_user(token: str) -> str:
    """Return the user id of a mention (`<@U123|name>`, `<@U123>`, or a bare id)."""
    found = _MENTION.match(token.strip()) or _BARE_ID.match(token.strip())
    if found is None:
        raise UserFacingError(f"“{token[:40]}” is not a person: mention them, like @name.")
    return found.group(1)


def split(text: str) -> tuple[str, list[str], str]:
    """Split `/dhr` text into the subcommand, its words, and the text after the first word."""
    text = text.strip()
    if not text:
        return "help", [], ""
    head, _, tail = text.partition(" ")
    tail = tail.strip()
    return head.lower(), tail.split(), tail
