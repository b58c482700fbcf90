"""Button listeners' shared glue: who pressed, the button's value, and the ways to answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.services import Services
from handlers.support import Listener, reports_errors, tell, text_of, user_id_of


@dataclass(frozen=True)
class Click:
    """One button press: who pressed it, the button's value, and the ways to answer."""

    user: str
    value: str
    body: dict[str, Any]
    respond: Respond
    client: WebClient
    services: Services

    def tell(self, text: str) -> None:
        """Answer the presser ephemerally where the click has a message, else by DM."""
        tell(text, respond=self.respond, client=self.client, user_id=self.user)


def on_click(work: Callable[[Click], None]) -> Listener:
    """Return an error-reporting button listener that hands `work` the press as a Click."""

    def listener(
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        services: Services,
    ) -> None:
        value = text_of(action, "value", "a button")
        work(Click(user_id_of(body), value, body, respond, client, services))

    listener.__name__ = work.__name__
    listener.__qualname__ = work.__qualname__
    return reports_errors(listener)
