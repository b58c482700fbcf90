"""The baselines of the load bench: bare Bolt apps that answer `/dhr` with "ok".

Served by gunicorn exactly as the bot is: `gunicorn 'bare_app:application()'` with
`--pythonpath bench`. They read SLACK_SIGNING_SECRET and SLACK_API_URL like the bot.

- `application()`: Bolt's defaults; the listener acks, then replies on the response_url.
  Bolt answers the HTTP request only when its 10 ms poll sees the ack, so this app's
  clients wait at least that long between commands.
- `stack_application()`: `application()` in a worker that also loads what the standards
  ask the bot to build on (SQLAlchemy's ORM on the same database, pydantic-settings):
  the floor under the bot's worker RSS before any of its own code.
- `deferred_application()`: the bot's shape with no work at all: ack in the request thread
  (`process_before_response=True`), reply from a thread pool. It shows what the shape
  costs before any work is done.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient


def _app(**options: Any) -> App:
    return App(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=WebClient(token="xoxb-bare", base_url=os.environ["SLACK_API_URL"]),
        token_verification_enabled=False,
        **options,
    )


def application() -> Any:
    """Return the WSGI app: Bolt's defaults, one listener that acks and replies."""
    app = _app()

    @app.command("/dhr")
    def dhr(ack: Ack, respond: Respond) -> None:
        ack()
        respond(text="ok", response_type="ephemeral")

    return SlackRequestHandler(app)


def deferred_application() -> Any:
    """Return the WSGI app that acks in the request thread and replies from a pool."""
    app = _app(process_before_response=True)
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="work")

    @app.command("/dhr")
    def dhr(ack: Ack, respond: Respond) -> None:
        ack()
        pool.submit(respond, text="ok", response_type="ephemeral")

    return SlackRequestHandler(app)


def stack_application() -> Any:
    """Return `application()` after loading the bot's libraries, each used once."""
    import sqlalchemy.orm
    from pydantic_settings import BaseSettings

    class StackSettings(BaseSettings):
        database_url: str = "sqlite://"

    engine = sqlalchemy.create_engine(StackSettings().database_url)
    with sqlalchemy.orm.Session(engine) as session:
        session.execute(sqlalchemy.text("SELECT 1"))
    return application()
