"""`dhr-bot pack`: a review's evidence pack as a ZIP file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.cli.context import fail, load_settings, services, write_or_fail
from bot.errors import UserFacingError


def pack_command(
    review: Annotated[str, typer.Option("--review", help="The review's slug (e.g. lily).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The ZIP file to write.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Build the pack as of this day (YYYY-MM-DD); default today."),
    ] = None,
) -> None:
    """Build a review's evidence pack: a ZIP with index.html, a PDF, the plan and its files."""
    if output.suffix.lower() != ".zip":
        fail(f"{output}: the pack is a ZIP file; name it something.zip.")
    day: date | None = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of {as_of!r} is not a date like 2026-12-01.")
    settings = load_settings()
    with services(settings) as found:
        try:
            built = found.packs.build(review, as_of=day)
        except UserFacingError as exc:
            fail(exc.message)
    write_or_fail(built.content, output)
    Console(stderr=True).print(
        f"Wrote the {built.slug} evidence pack to {output}: {built.actions} actions, "
        f"{built.files} evidence files, {len(built.content):,} bytes.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the pack command to the CLI."""
    app.command("pack")(pack_command)
