"""The `dhr-bot` command line: one typer app, one sub-module per group of commands.

Each command's module is imported only when that command runs, so `dhr-bot --help` and
`dhr-bot serve` do not load what other commands need (spreadsheets, charts, the dev kit).
"""

from __future__ import annotations

import importlib
from difflib import get_close_matches
from typing import Annotated

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from bot.logs import configure_logging

# Long-running commands whose own INFO lines are their log; every other command is quiet.
SERVICES = ("serve", "clock")

# Plain help and errors: rich costs a quarter of a second to import, and the service commands
# (serve, clock) must not load it at all.
PLAIN = None

# name: (module, the line `dhr-bot --help` shows; tests check it matches the command's help)
COMMANDS: dict[str, tuple[str, str]] = {
    "import": (
        "bot.cli.plans",
        "Import a plan; re-importing updates the plan text and keeps every update and evidence.",
    ),
    "export": (
        "bot.cli.plans",
        "Export the action plan with the Completion date/Outcome column filled from the updates.",
    ),
    "plan": ("bot.cli.plans", "Print the plan as a table with status, RAG and due dates."),
    "serve": (
        "bot.cli.serve",
        "Serve Slack: Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT under gunicorn.",
    ),
    "summary": (
        "bot.cli.summary",
        "Print the weekly summary (the 7 days before --as-of), or post it once for that week.",
    ),
    "clock": (
        "bot.cli.clock",
        "Run the weekly summary and reminders at DHR_SUMMARY_SCHEDULE in DHR_TIMEZONE.",
    ),
    "console": (
        "bot.cli.console",
        "Try the bot in a terminal: type /dhr mine, press buttons, fill forms; or run a script.",
    ),
    "run": (
        "bot.cli.run",
        "Serve Slack when SLACK_BOT_TOKEN is set; otherwise start the console on SQLite.",
    ),
    "db": ("bot.cli.db", "Database schema."),
    "evidence": ("bot.cli.evidence", "The evidence store."),
    "pack": (
        "bot.cli.pack",
        "Build a review's evidence pack: a ZIP with index.html, a PDF, the plan and its files.",
    ),
    "report": (
        "bot.cli.report",
        "Write the board report across open reviews, as XLSX or PDF (-o FILE.xlsx|FILE.pdf).",
    ),
}


class LazyGroup(TyperGroup):
    """The root group: a command's module is imported when the command is looked up to run."""

    _listing = False

    def list_commands(self, ctx: _click.Context) -> list[str]:
        """Return every command name, loaded or not, in the table's order."""
        return list(COMMANDS)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        """Return the command, importing its module first (the help listing needs only a line)."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, line = COMMANDS[cmd_name]
            if self._listing:
                return TyperCommand(name=cmd_name, help=line)
            self._load(module, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        """Find the command, suggesting close names from every command, loaded or not."""
        try:
            return super().resolve_command(ctx, args)
        except _click.exceptions.UsageError as exc:
            matches = get_close_matches(args[0], list(COMMANDS)) if args else []
            if matches and "Did you mean" not in exc.message:
                suggestions = ", ".join(repr(m) for m in matches)
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """Write the help without importing any command's module."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def _load(self, module_name: str, cmd_name: str) -> None:
        module = importlib.import_module(module_name)
        if hasattr(module, "register"):
            holder = typer.Typer(rich_markup_mode=PLAIN)
            module.register(holder)
            for name, command in typer.main.get_group(holder).commands.items():
                self.commands.setdefault(name, command)
        else:  # a group of its own, like `db`
            self.commands[cmd_name] = typer.main.get_group(module.app)
            self.commands[cmd_name].name = cmd_name


app = typer.Typer(
    cls=LazyGroup,
    rich_markup_mode=PLAIN,
    help="DHR action tracker: a Slack bot for Domestic Homicide Review action plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _logging(
    ctx: typer.Context,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            show_default=False,
            help="Log more: -v for INFO, -vv for DEBUG.",
        ),
    ] = 0,
) -> None:
    """DHR action tracker: a Slack bot for Domestic Homicide Review action plans."""
    service = ctx.invoked_subcommand in SERVICES
    ctx.call_on_close(configure_logging(verbosity=verbose, service=service))


def main() -> None:
    """Run the command line."""
    try:
        app()
    except KeyboardInterrupt:
        from bot.cli.context import fail

        fail("Interrupted.", code=130)


__all__ = ["COMMANDS", "app", "main"]
