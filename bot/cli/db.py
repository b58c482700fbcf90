"""`dhr-bot db …`: schema migrations."""

from __future__ import annotations

import typer
from rich import print as rprint

from bot.cli.context import fail, load_settings
from storage.db import Database, UpgradeFailed

app = typer.Typer(help="Database schema.", no_args_is_help=True, rich_markup_mode=None)


@app.command("upgrade")
def upgrade() -> None:
    """Run the Alembic migrations up to the newest schema."""
    settings = load_settings()
    db = Database(settings.database_url)
    if not db.ping():
        fail("The database does not answer; check DATABASE_URL.")
    try:
        db.upgrade()
    except UpgradeFailed as exc:
        fail(f"{exc} Nothing was changed.")
    finally:
        db.dispose()
    rprint("[green]Database schema is up to date.[/]")
