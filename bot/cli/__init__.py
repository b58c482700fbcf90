"""The `dhr-bot` command line: one typer app, one sub-module per group of commands."""

from __future__ import annotations

import typer

from bot.cli import clock as clock_commands
from bot.cli import console as console_command
from bot.cli import db as db_commands
from bot.cli import plans as plan_commands
from bot.cli import run as run_command
from bot.cli import serve as serve_command
from bot.cli import summary as summary_commands
from bot.cli.context import fail
from bot.logs import configure_logging

app = typer.Typer(
    help="DHR action tracker: a Slack bot for Domestic Homicide Review action plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db_commands.app, name="db")
plan_commands.register(app)
serve_command.register(app)
summary_commands.register(app)
clock_commands.register(app)
console_command.register(app)
run_command.register(app)


def main() -> None:
    """Run the command line with logging configured once."""
    configure_logging()
    try:
        app()
    except KeyboardInterrupt:
        fail("Interrupted.", code=130)


__all__ = ["app", "main"]
