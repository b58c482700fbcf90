"""What every command needs: settings, the services on the database, and a way to fail clearly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from pydantic import ValidationError

from bot.clock import system_clock
from bot.config import MissingSetting, Settings
from bot.services import Services
from bot.services.packs import write_atomically
from storage.db import Database, SchemaBehind, UpgradeFailed

if TYPE_CHECKING:
    from rich.console import Console


def err() -> Console:
    """Return a rich console on standard error (rich loads only when something is printed)."""
    from rich.console import Console

    return Console(stderr=True)


def fail(message: str, *, code: int = 1) -> NoReturn:
    """Print a message on standard error and exit with `code` (plain: serve and clock use it)."""
    typer.secho(f"Error: {message}", err=True, fg="red", bold=True)
    raise typer.Exit(code)


def write_or_fail(content: bytes, output: Path) -> None:
    """Write a built file in one step, or fail saying nothing was written."""
    try:
        write_atomically(content, output)
    except OSError as exc:
        fail(f"Could not write {output} ({exc.strerror or type(exc).__name__}); nothing written.")


def load_settings() -> Settings:
    """Build the settings once, turning a bad variable into a clear message."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        fail(f"Bad configuration: {problems}")
    except MissingSetting as exc:
        fail(str(exc))


def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    """Open the database; migrate the embedded SQLite when `migrate`, else require it current.

    Long-running workers (serve, clock) pass `migrate=False`: only `dhr-bot db upgrade` (the
    Procfile's release step) or a one-shot command changes the schema, never several
    processes racing at start-up.
    """
    db = Database(settings.database_url)
    if not db.ping():
        where = db.engine.url.render_as_string(hide_password=True)
        db.dispose()
        fail(f"The database does not answer ({where}).")
    try:
        if migrate:
            db.ensure_schema()
        db.require_current()
    except (SchemaBehind, UpgradeFailed) as exc:
        db.dispose()
        fail(str(exc))
    return db


@contextmanager
def database(settings: Settings) -> Iterator[Database]:
    """Open the database for one command and close its connections afterwards."""
    db = open_database(settings)
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def services(settings: Settings) -> Iterator[Services]:
    """Open the database for one command and return the services over it."""
    with database(settings) as db:
        yield Services(db, settings, system_clock)


__all__ = [
    "database",
    "err",
    "fail",
    "load_settings",
    "open_database",
    "services",
    "system_clock",
]
