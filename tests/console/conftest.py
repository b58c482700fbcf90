"""Console fixtures: run a script through the real app on a fresh database, capture the output."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from rich.console import Console

from bot.config import Settings
from devkit.console import run_console
from helpers import NOW, FrozenClock
from storage.db import Database

Run = Callable[..., str]


@pytest.fixture
def run(db: Database, tmp_path: Path) -> Run:
    """Return a function that runs console lines (as a script) and returns the output."""

    def _run(lines: Iterable[str], *, user: str | None = None) -> str:
        out = io.StringIO()
        console = Console(file=out, width=100, highlight=False, color_system=None, soft_wrap=True)
        run_console(
            Settings(database_url=db.url),
            db=db,
            clock=FrozenClock(NOW),
            user=user,
            lines=lines,
            console=console,
            files_dir=tmp_path / "console-files",
        )
        return out.getvalue()

    return _run
