"""`dhr-bot import`, `export` and `plan`: plan files in and out, the plan on screen."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from bot.cli.context import fail, load_settings, services
from bot.errors import NotFound
from bot.plans.document import PlanError
from bot.plans.export import PlanRow, write_csv, write_file
from bot.plans.importer import ImportReport
from bot.services import Services
from bot.status import RAG_HEX

out = Console()
FORMATS = ("csv", "xlsx", "md")


def import_command(
    path: Annotated[Path, typer.Argument(help="A YAML, CSV or XLSX plan file.")],
    review: Annotated[str | None, typer.Option(help="The review's slug (e.g. lily).")] = None,
) -> None:
    """Import a plan; re-importing updates the plan text and keeps every update and evidence."""
    from bot.plans.parse import parse_plan  # spreadsheets load for `import` only, not `plan`

    settings = load_settings()
    if not path.is_file():
        fail(f"{path}: no such file.")
    try:
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(f"Reading {path.name}", total=None)
            parsed = parse_plan(
                path,
                review=review,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except PlanError as exc:
        fail(str(exc))
    with services(settings) as found:
        try:
            report = found.plans.import_plan(parsed.document, notes=parsed.notes)
        except PlanError as exc:  # a name the review protects: nothing was imported
            fail(str(exc).replace("the plan", str(path), 1))
    _print_report(report)


def _print_report(report: ImportReport) -> None:
    out.print(
        f"[bold]Imported review {report.review}[/]: {len(report.created)} new actions, "
        f"{len(report.changed)} changes, {report.unchanged} unchanged."
    )
    for line in report.changed:
        out.print(f"  changed: {line}")
    if report.not_in_file:
        out.print(f"  kept (not in this file): {', '.join(report.not_in_file)}")
    for line in report.notes:
        out.print(f"  note: {line}")
    for line in report.flagged:
        out.print(f"  [yellow]target needs a coordinator:[/] {line}")
    for line in report.to_confirm:
        out.print(f"  [yellow]delivering agency to confirm:[/] {escape(line)}")
    for line in report.recurring:
        out.print(f"  [cyan]made before:[/] {escape(line)}", highlight=False)


def export_command(
    review: Annotated[str, typer.Option(help="The review's slug.")],
    format: Annotated[str, typer.Option("--format", "-f", help="csv, xlsx or md.")] = "csv",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
) -> None:
    """Export the action plan with the Completion date/Outcome column filled from the updates."""
    if format not in FORMATS:
        fail(f"Unknown format {format!r}: use csv, xlsx or md.")
    if format == "xlsx" and output is None:
        fail("XLSX needs a file: add -o PLAN.xlsx.")
    settings = load_settings()
    with services(settings) as found:
        rows = _rows(found, review)
    if output is None and format == "csv":
        write_csv(rows, sys.stdout)
        return
    target = output or Path(f"{review}-action-plan.{format}")
    write_file(rows, review, format, target)
    Console(stderr=True).print(f"Wrote {len(rows)} actions to {target}.")


def _rows(found: Services, review: str) -> list[PlanRow]:
    try:
        return found.plans.rows(review)
    except NotFound as exc:
        fail(exc.message)


def plan_command(
    review: Annotated[str | None, typer.Option(help="Only this review.")] = None,
) -> None:
    """Print the plan as a table with status, RAG and due dates."""
    settings = load_settings()
    with services(settings) as found:
        known = found.plans.review_slugs()
        if not known:
            fail("No plan imported yet: run `dhr-bot import PATH`.")
        for slug in [review] if review else known:
            print_plan(_rows(found, slug), slug)


_WIDE = 100  # columns from which the target's own words are shown


def print_plan(rows: list[PlanRow], slug: str, console: Console = out) -> None:
    """Print one review's plan as a rich table."""
    table = Table(title=f"Action plan — {slug}", show_lines=False, expand=True)
    # The action's words get the room. On a narrow terminal (or a pipe: 80 columns) the
    # target's words are left out: the due date says when, "?" where a person must set it.
    wide = console.width >= _WIDE
    table.add_column("Ref", no_wrap=True)
    table.add_column("Action", overflow="fold", ratio=4, min_width=20)
    table.add_column("Lead", overflow="fold", max_width=10)
    if wide:
        table.add_column("Target", overflow="fold", ratio=1, min_width=10)
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", overflow="fold", max_width=14)
    for row in rows:
        colour = RAG_HEX[row.rag]
        due = row.due_date.isoformat() if row.due_date else ("—" if not row.target_flag else "?")
        target = (row.target_text,) if wide else ()
        table.add_row(
            row.ref,
            row.action,
            row.lead_agency,
            *target,
            due,
            f"[{colour}]● {row.status_label}[/]",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the plan commands to the CLI."""
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.command("plan")(plan_command)
