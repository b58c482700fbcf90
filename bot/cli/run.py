"""`dhr-bot run` (the README's run command): Slack when tokens are set, else the console."""

from __future__ import annotations

import typer

from bot.cli.console import console
from bot.cli.context import err, load_settings, open_database
from bot.cli.serve import serve
from bot.logs import log_as_service


def run() -> None:
    """Serve Slack when SLACK_BOT_TOKEN is set; otherwise start the console on SQLite."""
    settings = load_settings()
    if settings.has_slack:
        log_as_service()
        # The one launcher process brings the schema up to date; the workers only check it.
        open_database(settings).dispose()
        serve(workers=None, threads=8, allow_sqlite_workers=False)
        return
    err().print(
        "No SLACK_BOT_TOKEN set: starting the console on the embedded database "
        f"({settings.database_url_shown()}). To connect to Slack, see the README's "
        '"Create the Slack app".',
        highlight=False,
    )
    console(as_user=None, script=None)


def register(app: typer.Typer) -> None:
    """Add `run` to the CLI."""
    app.command("run")(run)
