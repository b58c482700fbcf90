"""The baseline of the load bench: a bare Bolt app that acks `/dhr` and replies "ok".

Served by gunicorn exactly as the bot is: `gunicorn 'bare_app:application()'` with
`--pythonpath bench`. It reads SLACK_SIGNING_SECRET and SLACK_API_URL like the bot.
"""

from __future__ import annotations

import os
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient


def application() -> Any:
    """Return the WSGI app: Bolt's defaults, one listener that acks and replies."""
    app = App(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=WebClient(token="xoxb-bare", base_url=os.environ["SLACK_API_URL"]),
        token_verification_enabled=False,
    )

    @app.command("/dhr")
    def dhr(ack: Ack, respond: Respond) -> None:
        ack()
        respond(text="ok", response_type="ephemeral")

    return SlackRequestHandler(app)
