"""`dhr-bot console`: the bot in a terminal on the embedded database, no Slack needed."""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.context import fail, load_settings, open_database, system_clock

DEVKIT_MISSING = (
    "The console is part of the dev kit, which is not installed: "
    "pip install -e '.[devkit]' (or run `make run`)."
)


def console(
    as_user: Annotated[
        str | None, typer.Option("--as", help="Act as this Slack user ID (default: a coordinator).")
    ] = None,
    script: Annotated[
        Path | None,
        typer.Option("--script", help="Read commands and form answers from this file."),
    ] = None,
) -> None:
    """Try the bot in a terminal: type /dhr mine, press buttons, fill forms; or run a script."""
    # The dev kit stays out of the product: only this command loads it.
    try:
        from devkit.console import run_console
    except ImportError as exc:
        if exc.name in ("prompt_toolkit", "rich"):
            fail(DEVKIT_MISSING)
        raise
    settings = load_settings()
    if script is not None and not script.is_file():
        fail(f"No such script: {script}")
    db = open_database(settings)
    try:
        if script is not None:
            with script.open(encoding="utf-8") as handle:
                run_console(settings, db=db, clock=system_clock, user=_user(as_user), lines=handle)
        elif sys.stdin.isatty():
            if find_spec("prompt_toolkit") is None:
                fail(DEVKIT_MISSING)
            run_console(settings, db=db, clock=system_clock, user=_user(as_user))
        else:
            run_console(settings, db=db, clock=system_clock, user=_user(as_user), lines=sys.stdin)
    finally:
        db.dispose()


def _user(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lstrip("@").upper()
    if cleaned[:1] not in ("U", "W") or not cleaned.isalnum():
        fail(f"--as needs a Slack user ID like U0SSPOFFICER, not {value!r}.")
    return cleaned


def register(app: typer.Typer) -> None:
    """Add `console` to the CLI."""
    app.command("console")(console)
