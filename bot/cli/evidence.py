"""`dhr-bot evidence …`: the evidence store."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.cli.context import fail, load_settings, services
from bot.evidence import StoreUnavailable

app = typer.Typer(help="The evidence store.", no_args_is_help=True)
out = Console()


@app.command("verify")
def verify() -> None:
    """Re-hash every file in the evidence store; exit 1 when any is missing or altered."""
    settings = load_settings()
    with services(settings) as found:
        try:
            report = found.evidence.verify()
        except StoreUnavailable as exc:
            fail(exc.message)
    where = settings.evidence_store_url()
    for key in report.missing:
        out.print(f"[red]missing:[/] {key}", highlight=False)
    for key in report.altered:
        out.print(f"[red]altered:[/] {key}", highlight=False)
    out.print(
        f"{len(report.ok)} file(s) intact, {len(report.missing)} missing, "
        f"{len(report.altered)} altered in {where}.",
        highlight=False,
    )
    if not report.passed:
        raise typer.Exit(1)
