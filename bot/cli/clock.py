"""`dhr-bot clock`: the weekly summary and reminders on schedule (the Procfile's clock line)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.context import fail, load_settings, open_database, system_clock
from bot.cli.summary import out, print_results
from bot.config import MissingSetting
from bot.slackclient import make_client
from bot.weekly.context import JobContext
from bot.weekly.schedule import ScheduleError, run_clock, weekly_job, weekly_trigger, worker_id


def clock_command(
    once: Annotated[
        bool, typer.Option("--once", help="Run this week's summary and reminders now, then exit.")
    ] = False,
) -> None:
    """Run the weekly summary and reminders at DHR_SUMMARY_SCHEDULE in DHR_TIMEZONE."""
    settings = load_settings()
    try:
        weekly_trigger(settings.dhr_summary_schedule, settings.dhr_timezone)
        client = make_client(settings)
    except (ScheduleError, MissingSetting) as exc:
        fail(str(exc))
    db = open_database(settings, migrate=False)
    try:
        if once:
            ctx = JobContext.start(
                db=db,
                client=client,
                settings=settings,
                now=system_clock(),
                worker=worker_id("clock"),
            )
            results, reminders = weekly_job(ctx)
            print_results(results)
            out(
                f"reminders: {len(reminders.sent)} sent, {len(reminders.already_sent)} already "
                f"sent, {len(reminders.failed)} failed"
            )
            return
        run_clock(settings, db, client)
    finally:
        db.dispose()


def register(app: typer.Typer) -> None:
    """Add the clock command to the CLI."""
    app.command("clock")(clock_command)
