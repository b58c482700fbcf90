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
from bot.workers import work_pool
from handlers import register_listeners
from handlers.support import SERVICES_KEY, WORK_KEY, message_for, tell, user_of
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

    Every listener acks in the request thread (so an ack never waits behind other work) and
    hands its work to a bounded pool of DHR_WORKER_THREADS threads; when DHR_WORKER_QUEUE
    jobs already wait, the user is told to try again. `listener_executor` runs that work
    (default: a new thread pool); tests pass one that can tell when all of it has finished.
    """
    db = db or Database(settings.database_url)
    services = Services(db, settings, clock)
    pool = work_pool(settings.dhr_worker_threads, settings.dhr_worker_queue, listener_executor)
    app = App(
        signing_secret=settings.secret("slack_signing_secret"),
        client=client or make_client(settings),
        token_verification_enabled=False,
        # The listener runs in the request thread and its ack is the HTTP response: no wait
        # in Bolt's executor, no polling. Listeners only ack there; the work goes to `pool`.
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        listener_executor=pool.executor,
    )

    @app.middleware
    def inject_services(context: BoltContext, next: Any) -> None:
        context[SERVICES_KEY] = services
        context[WORK_KEY] = pool
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
