"""`dhr-bot report`: the board report across open reviews, as XLSX or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.cli.context import fail, load_settings, services, write_or_fail
from bot.errors import UserFacingError
from bot.services.reports import period


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date like 2026-12-01.")


def report_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="FILE.xlsx or FILE.pdf.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD); default a quarter ago.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day; default today.")] = None,
) -> None:
    """Write the board report across open reviews, as XLSX or PDF (-o FILE.xlsx|FILE.pdf)."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "pdf"):
        fail(f"{output}: the report is written as .xlsx or .pdf.")
    first, last = _day(start, "--from"), _day(end, "--to")
    settings = load_settings()
    with services(settings) as found:
        try:
            period(first, last, found.context.today())  # a backwards range stops here
            built = found.reports.build(fmt, first, last)
        except UserFacingError as exc:
            fail(exc.message)
    write_or_fail(built.content, output)
    Console(stderr=True).print(
        f"Wrote the board report ({built.reviews} open reviews) to {output}.", highlight=False
    )


def register(app: typer.Typer) -> None:
    """Add the report command to the CLI."""
    app.command("report")(report_command)
