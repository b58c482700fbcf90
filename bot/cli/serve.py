"""`dhr-bot serve`: HTTP under gunicorn, or Socket Mode when SLACK_APP_TOKEN is set."""

from __future__ import annotations

import logging
from typing import Annotated, Any

import typer

from bot.cli.context import fail, load_settings, open_database
from bot.config import MissingSetting

logger = logging.getLogger(__name__)


def serve(
    workers: Annotated[int, typer.Option(help="gunicorn worker processes.")] = 2,
    threads: Annotated[int, typer.Option(help="Threads per worker.")] = 8,
) -> None:
    """Serve Slack: Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT under gunicorn."""
    settings = load_settings()
    try:
        settings.require("slack_bot_token", "slack_signing_secret")
    except MissingSetting as exc:
        fail(f"{exc} To try the bot without Slack, run `dhr-bot console`.")
    open_database(settings).dispose()
    if settings.slack_app_token is not None:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        from bot.app import create_app

        logger.info("starting in Socket Mode")
        SocketModeHandler(create_app(settings), settings.secret("slack_app_token")).start()
        return
    _gunicorn(f"0.0.0.0:{settings.port}", workers, threads)


def _gunicorn(bind: str, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "accesslog": "-",
                "timeout": 30,
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from bot.web import production_app

            return production_app()

    _Server().run()


def register(app: typer.Typer) -> None:
    """Add `serve` to the CLI."""
    app.command("serve")(serve)
