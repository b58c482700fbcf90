"""The app factory: a Bolt App wired to the tracker; nothing is built at import time."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.services import Services
from bot.slackclient import make_client
from handlers import register_listeners
from handlers.support import SERVICES_KEY, message_for, tell, user_of
from storage.db import Database

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    *,
    db: Database | None = None,
    clock: Clock = system_clock,
    client: WebClient | None = None,
    listener_executor: Executor | None = None,
) -> App:
    """Return the Bolt app: signed requests in, the services behind every listener.

    `listener_executor` runs the listeners (Bolt's default is a thread pool); tests pass one
    that can tell when every listener of a request has finished.
    """
    db = db or Database(settings.database_url)
    services = Services(db, settings, clock)
    app = App(
        signing_secret=settings.secret("slack_signing_secret"),
        client=client or make_client(settings),
        token_verification_enabled=False,
        process_before_response=False,
        raise_error_for_unhandled_request=False,
        # None keeps Bolt's own pool; the console passes one that tells it when work is done.
        listener_executor=listener_executor,
    )

    @app.middleware
    def inject_services(context: BoltContext, next: Any) -> None:
        context[SERVICES_KEY] = services
        next()

    @app.error
    def on_error(
        error: Exception, body: dict[str, Any], respond: Respond | None, client: WebClient
    ) -> BoltResponse:
        text = message_for(error, "request")
        try:
            tell(text, respond=respond, client=client, user_id=user_of(body))
        except Exception:  # Slack itself failing: the log above holds the ref
            logger.warning("could not tell the user about an error", exc_info=True)
        return BoltResponse(status=200, body="")

    register_listeners(app)
    return app
