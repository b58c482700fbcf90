"""The clock's schedule across the clock changes, its catch-up, and the summary command line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.summary import as_of_moment
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.slackclient import make_client
from bot.weekly.context import JobContext
from bot.weekly.schedule import (
    Schedule,
    ScheduleError,
    missed_fire,
    parse_schedule,
    weekly_job,
    weekly_trigger,
)
from devkit.localslack import LocalSlack
from helpers import NOW
from storage.db import Database
from storage.models import Action, Update
from summary_settings import CHANNEL, make_settings

LONDON = ZoneInfo("Europe/London")
LILY = Path(__file__).resolve().parents[3] / "bot" / "data" / "lily.yaml"
DAY = timedelta(days=1)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("after", "fires_utc"),
    [
        # Clocks go forward on Sunday 29 March 2026: 09:00 BST is 08:00 UTC.
        (datetime(2026, 3, 24, tzinfo=UTC), datetime(2026, 3, 30, 8, 0, tzinfo=UTC)),
        (datetime(2026, 3, 16, 12, tzinfo=UTC), datetime(2026, 3, 23, 9, 0, tzinfo=UTC)),
        # Clocks go back on Sunday 25 October 2026: 09:00 GMT is 09:00 UTC.
        (datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 10, 26, 9, 0, tzinfo=UTC)),
        (datetime(2026, 10, 13, tzinfo=UTC), datetime(2026, 10, 19, 8, 0, tzinfo=UTC)),
    ],
)
def test_monday_nine_oclock_local_across_the_clock_changes(
    after: datetime, fires_utc: datetime
) -> None:
    trigger = weekly_trigger("mon 09:00", "Europe/London")
    fire = trigger.get_next_fire_time(None, after)
    assert fire == fires_utc
    assert (fire.astimezone(LONDON).hour, fire.astimezone(LONDON).weekday()) == (9, 0)


def test_the_default_schedule_is_monday_at_nine(slack: LocalSlack) -> None:
    settings = make_settings(slack)
    assert (settings.dhr_summary_schedule, settings.dhr_timezone) == ("mon 09:00", "Europe/London")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon 09:00", Schedule("mon", 9, 0)),
        ("Mon 9:30", Schedule("mon", 9, 30)),
        ("mon,thu 08:15", Schedule("mon,thu", 8, 15)),
        ("daily 23:59", Schedule("mon-sun", 23, 59)),
    ],
)
def test_schedules_are_read(text: str, expected: Schedule) -> None:
    assert parse_schedule(text) == expected


@pytest.mark.parametrize("text", ["monday 09:00", "mon", "mon 25:00", "mon 9am", ""])
def test_bad_schedules_are_refused(text: str) -> None:
    with pytest.raises(ScheduleError, match="DHR_SUMMARY_SCHEDULE"):
        parse_schedule(text)


def test_a_clock_started_soon_after_the_fire_time_catches_up() -> None:
    trigger = weekly_trigger("mon 09:00", "Europe/London")
    assert missed_fire(trigger, local(2026, 11, 30, 9, 20)) == local(2026, 11, 30, 9, 0)
    assert missed_fire(trigger, local(2026, 11, 30, 8, 59)) is None
    assert missed_fire(trigger, local(2026, 12, 2, 9, 0)) is None


def test_weekly_job_posts_summaries_and_reminders(db: Database, slack: LocalSlack) -> None:
    _lily_with_a_week_of_updates(db)
    settings = make_settings(slack)
    client = make_client(settings, timeout=5)
    results, reminders = weekly_job(
        JobContext.start(db=db, client=client, settings=settings, now=NOW, worker="w")
    )
    assert [(r.review, r.outcome) for r in results] == [("lily", "posted")]
    assert reminders.sent and len(slack.messages[CHANNEL]) == 2  # summary and chart
    again, reminded = weekly_job(
        JobContext.start(db=db, client=client, settings=settings, now=NOW + DAY, worker="x")
    )
    assert [r.outcome for r in again] == ["already_posted"] and reminded.sent == []


def _lily_with_a_week_of_updates(db: Database) -> None:
    with db.uow() as session:
        import_plan(
            parse_plan(LILY).document, session=session, now=NOW - 60 * DAY, today=date(2026, 9, 27)
        )
        actions = {a.ref: a for a in session.scalars(select(Action))}
        for ref, status, days in (
            ("1.1", "complete", 3),
            ("2.1", "in_progress", 2),
            ("3.1", "at_risk", 1),
        ):
            action = actions[ref]
            session.add(
                Update(
                    action_id=action.id,
                    user_id="U0SSPLEAD",
                    created_at=NOW - days * DAY,
                    source="modal",
                    status_before=action.status,
                    status_after=status,
                    completed_on=date(2026, 11, 23) if status == "complete" else None,
                )
            )
            action.status = status


def test_summary_command_prints_the_lily_summary(
    db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lily_with_a_week_of_updates(db)
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(app, ["summary", "--review", "lily", "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Weekly summary: Domestic Homicide Review - Lily")
    assert "Completed this week (1)" in out and "lily:1.1" in out
    assert "Updated this week (2)" in out
    assert "By agency" in out and "SSP:" in out


def test_summary_command_errors_are_clear(
    db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    runner = CliRunner()
    assert "No plan imported yet" in runner.invoke(app, ["summary"]).output
    _lily_with_a_week_of_updates(db)
    assert "Known reviews: lily" in runner.invoke(app, ["summary", "--review", "rose"]).output
    assert "in the future" in runner.invoke(app, ["summary", "--as-of", "2999-01-01"]).output
    posted = runner.invoke(app, ["summary", "--post"])
    assert posted.exit_code == 1 and "SLACK_BOT_TOKEN" in posted.output


def test_as_of_a_past_day_means_the_end_of_that_day() -> None:
    now = datetime(2026, 11, 26, 10, tzinfo=UTC)
    assert as_of_moment(None, now, LONDON) == now
    assert as_of_moment(date(2026, 11, 26), now, LONDON) == now
    end = as_of_moment(date(2026, 6, 1), now, LONDON)
    assert end.astimezone(UTC) == datetime(2026, 6, 1, 22, 59, 59, 999999, tzinfo=UTC)
