"""`dhr-bot summary`: print the weekly summary, or post it to DHR_SUMMARY_CHANNEL once a week."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.cli.context import fail, load_settings, open_database, system_clock
from bot.clock import local_day
from bot.config import MissingSetting, Settings
from bot.messages.summary import summary_text
from bot.slackclient import make_client
from bot.weekly.compute import compute_summaries
from bot.weekly.context import JobContext
from bot.weekly.schedule import worker_id
from bot.weekly.summary_job import PostResult, post_summaries
from storage.db import Database
from storage.repositories import reviews


def out(line: str) -> None:
    """Print one plain line (the clock imports this module: it must not load rich)."""
    typer.echo(line)


def as_of_moment(day: date | None, now: datetime, tz: ZoneInfo) -> datetime:
    """Return the moment a summary `--as-of DAY` describes: the end of that day, or now."""
    if day is None or day >= local_day(now, tz):
        return now
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz) - timedelta(microseconds=1)
    return end


def _check_review(db: Database, slug: str | None) -> None:
    with db.uow() as session:
        known = [r.slug for r in reviews.list_reviews(session=session)]
    if not known:
        fail("No plan imported yet: run `dhr-bot import PATH`.")
    if slug is not None and slug not in known:
        fail(f"No review {slug!r}. Known reviews: {', '.join(known)}.")


def summary_command(
    review: Annotated[str | None, typer.Option(help="Only this review (its slug).")] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of", formats=["%Y-%m-%d"], help="Summarise as of this date (YYYY-MM-DD)."
        ),
    ] = None,
    post: Annotated[bool, typer.Option("--post", help="Post to DHR_SUMMARY_CHANNEL.")] = False,
) -> None:
    """Print the weekly summary (the 7 days before --as-of), or post it once for that week."""
    settings = load_settings()
    now = system_clock()
    day = as_of.date() if as_of else None
    if day is not None and day > local_day(now, settings.tz):
        fail(f"--as-of {day.isoformat()} is in the future.")
    moment = as_of_moment(day, now, settings.tz)
    db = open_database(settings)
    try:
        _summarise(db, settings, review=review, now=now, moment=moment, post=post)
    finally:
        db.dispose()


def _summarise(
    db: Database,
    settings: Settings,
    *,
    review: str | None,
    now: datetime,
    moment: datetime,
    post: bool,
) -> None:
    _check_review(db, review)
    if not post:
        with db.uow() as session:
            summaries = compute_summaries(
                session=session, as_of=moment, tz=settings.tz, review_slug=review
            )
        typer.echo("\n\n".join(summary_text(s) for s in summaries))
        return
    try:
        client = make_client(settings)
    except MissingSetting as exc:
        fail(str(exc))
    ctx = JobContext.start(
        db=db, client=client, settings=settings, now=now, worker=worker_id("summary")
    )
    results = post_summaries(ctx, as_of=moment, review_slug=review)
    print_results(results)
    if any(r.outcome == "failed" for r in results):
        raise typer.Exit(1)


def print_results(results: list[PostResult]) -> None:
    """Print what happened to each review's summary."""
    for result in results:
        detail = result.error or result.ts or ""
        chart = (
            "" if result.outcome != "posted" else (" with chart" if result.chart else " (no chart)")
        )
        out(f"{result.review} week of {result.week_start}: {result.outcome}{chart} {detail}")


def register(app: typer.Typer) -> None:
    """Add the summary command to the CLI."""
    app.command("summary")(summary_command)
