"""`dhr-bot serve`: HTTP under gunicorn, or Socket Mode when SLACK_APP_TOKEN is set."""

from __future__ import annotations

import logging
from typing import Annotated, Any

import typer

from bot.cli.context import fail, load_settings, open_database
from bot.config import MissingSetting

logger = logging.getLogger(__name__)


SQLITE_WORKERS = (
    "The embedded SQLite database takes one writer at a time, so several worker processes "
    "would queue behind each other's saves and time out under load. Use PostgreSQL "
    "(DATABASE_URL=postgresql+psycopg://…) for several workers, run with --workers 1, or pass "
    "--allow-sqlite-workers to run them anyway."
)


def serve(
    workers: Annotated[
        int | None,
        typer.Option(help="gunicorn worker processes (default: 2; 1 on the embedded SQLite)."),
    ] = None,
    threads: Annotated[int, typer.Option(help="Threads per worker.")] = 8,
    allow_sqlite_workers: Annotated[
        bool, typer.Option(help="Allow several worker processes on SQLite.")
    ] = False,
) -> None:
    """Serve Slack: Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT under gunicorn."""
    settings = load_settings()
    try:
        settings.require("slack_bot_token", "slack_signing_secret")
    except MissingSetting as exc:
        fail(f"{exc} To try the bot without Slack, run `dhr-bot console`.")
    sqlite = settings.database_url.startswith("sqlite")
    if workers is None:
        workers = 1 if sqlite else 2
    if sqlite and workers > 1 and not allow_sqlite_workers:
        fail(SQLITE_WORKERS)
    open_database(settings, migrate=False).dispose()
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
