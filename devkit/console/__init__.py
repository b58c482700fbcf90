"""The bot in a terminal: the real Bolt app driven by signed requests, Slack simulated locally."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console

from bot.clock import Clock
from bot.config import Settings
from devkit.console.render import FILES_DIR
from devkit.console.repl import ScriptReader, Shell, TerminalReader
from devkit.console.session import open_session
from storage.db import Database

SCRIPT_WIDTH = 100


def run_console(
    settings: Settings,
    *,
    db: Database,
    clock: Clock,
    user: str | None = None,
    lines: Iterable[str] | None = None,
    console: Console | None = None,
    files_dir: Path = FILES_DIR,
) -> None:
    """Run the console: interactively when `lines` is None, else over the script's lines."""
    interactive = lines is None
    console = console or (
        Console(highlight=False)
        if interactive
        else Console(highlight=False, width=SCRIPT_WIDTH, soft_wrap=True)
    )
    with open_session(
        settings, db=db, clock=clock, console=console, user=user, files_dir=files_dir
    ) as session:
        reader = (
            TerminalReader(lambda: [p.user_id for p in session.people()])
            if lines is None
            else ScriptReader(lines, console)
        )
        Shell(session, reader, console, interactive=interactive).run()


__all__ = ["run_console"]
