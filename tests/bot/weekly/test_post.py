"""Posting the summary to (local) Slack: once per review per week, whatever fails or races."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.config import Settings
from bot.slackclient import make_client
from bot.weekly.context import JobContext
from bot.weekly.summary_job import CHART_MISSING, post_summaries
from devkit.localslack import LocalSlack
from helpers import NOW
from plan_builder import Plan
from storage.db import Database
from storage.models import ReminderRun, SummaryRun
from summary_settings import CHANNEL, COORDINATOR, make_settings

DAY = timedelta(days=1)
WEEK = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def plan(db: Database) -> None:
    """Commit a small plan with a completed action and one due soon."""
    with db.uow() as session:
        plan = Plan(session)
        action = plan.action("1.1", owner="U0A")
        plan.update(
            action, at=NOW - DAY, status="complete", user="U0A", completed_on=date(2026, 11, 25)
        )
        plan.action("1.2", agency="Police", due=date(2026, 12, 1), owner="U0B")


def summaries_in(slack: LocalSlack) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in slack.messages.get(CHANNEL, []) if m.get("subtype") != "file_share"]


def dms_to(slack: LocalSlack, user: str) -> list[dict]:  # type: ignore[type-arg]
    return list(slack.messages.get("D" + user, []))


def run(db: Database, client: WebClient, settings: Settings, now=NOW, worker="w1"):  # type: ignore[no-untyped-def]
    ctx = JobContext.start(db=db, client=client, settings=settings, now=now, worker=worker)
    return post_summaries(ctx)


def runs(db: Database) -> list[SummaryRun]:
    with db.uow() as session:
        return list(session.scalars(select(SummaryRun)))


@pytest.mark.usefixtures("plan")
def test_posted_once_however_often_run_in_a_week(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    [first] = run(db, client, settings)
    assert (first.review, first.week_start, first.outcome, first.chart) == (
        "lily",
        WEEK,
        "posted",
        True,
    )
    for later in (NOW + timedelta(hours=1), NOW + 3 * DAY, NOW + 3 * DAY + timedelta(hours=13)):
        [again] = run(db, client, settings, now=later, worker="w2")
        assert (again.outcome, again.ts) == ("already_posted", first.ts)
    [message] = summaries_in(slack)
    assert message["ts"] == first.ts
    assert message["metadata"]["event_payload"] == {"key": "dhr-summary:lily:2026-11-23"}
    assert "Weekly summary" in message["text"]
    [upload] = slack.calls_to("files.completeUploadExternal")
    assert upload.args["thread_ts"] == first.ts
    assert next(iter(slack.uploads.values())).data.startswith(b"\x89PNG")
    [run_row] = runs(db)
    assert (run_row.state, run_row.message_ts, run_row.channel) == ("posted", first.ts, CHANNEL)
    # The next week (Monday 30 Nov, in London) gets its own summary.
    [next_week] = run(db, client, settings, now=NOW + 4 * DAY)
    assert (next_week.outcome, next_week.week_start) == ("posted", date(2026, 11, 30))
    assert len(summaries_in(slack)) == 2


@pytest.mark.usefixtures("plan")
def test_rate_limited_twice_then_ok_posts_once(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    slack.fail_next("chat.postMessage", "ratelimited", times=2, retry_after=1)
    [result] = run(db, client, settings)
    assert result.outcome == "posted"
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 429, 200]
    assert len(summaries_in(slack)) == 1


@pytest.mark.usefixtures("plan")
def test_server_error_releases_the_claim_tells_coordinators_and_the_next_run_posts_once(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    slack.fail_next("chat.postMessage", "internal_error", status=500)
    [failed] = run(db, client, settings)
    assert (failed.outcome, failed.error) == ("failed", "internal_error")
    assert [(r.state, r.error) for r in runs(db)] == [("failed", "internal_error")]
    assert summaries_in(slack) == []
    [dm] = dms_to(slack, COORDINATOR)
    assert "lily" in dm["text"] and "internal_error" in dm["text"] and "try again" in dm["text"]
    [retried] = run(db, client, settings, now=NOW + timedelta(hours=1), worker="w2")
    assert retried.outcome == "posted"
    [again] = run(db, client, settings, now=NOW + timedelta(hours=2))
    assert again.outcome == "already_posted"
    assert len(summaries_in(slack)) == 1


@pytest.mark.usefixtures("plan")
def test_a_timeout_after_slack_posted_is_resolved_without_a_duplicate(
    db: Database, slack: LocalSlack, settings: Settings
) -> None:
    client = make_client(settings, timeout=1)
    slack.fail_next("chat.postMessage", error=None, delay=2)  # slow, but it does post
    [first] = run(db, client, settings)
    assert first.outcome in ("failed", "recovered")
    # Wait (bounded) for the slow post to land, so the duplicate check below is meaningful.
    deadline = time.monotonic() + 5
    while not summaries_in(slack) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(summaries_in(slack)) == 1
    [second] = run(db, client, settings, now=NOW + timedelta(hours=1), worker="w2")
    assert second.outcome in ("recovered", "already_posted")
    assert len(summaries_in(slack)) == 1
    assert runs(db)[0].state == "posted"


def _abandoned_claim(db: Database, *, claimed_at: datetime) -> None:
    """Leave the claim a worker that died after claiming Lily's summary would leave."""
    from storage.repositories.reviews import get_review

    with db.uow() as session:
        assert session.scalar(select(SummaryRun.review_id)) is None
        review = get_review("lily", session=session)
        assert review is not None
        session.add(
            SummaryRun(
                review_id=review.id,
                week_start=WEEK,
                state="claimed",
                claimed_by="dead:1:clock",
                claimed_at=claimed_at,
            )
        )


@pytest.mark.usefixtures("plan")
def test_a_crash_between_claim_and_post_is_resolved_on_the_next_run(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    _abandoned_claim(db, claimed_at=NOW - timedelta(minutes=2))
    # A fresh claim belongs to a worker that may still be posting: the run waits for it
    # to go stale (tests/bot/weekly/test_no_silent_skips.py); here the next run comes later.
    posted = slack.add_message(
        CHANNEL,
        "Weekly summary",
        "U0DHRBOT",
        metadata={
            "event_type": "dhr_summary",
            "event_payload": {"key": "dhr-summary:lily:2026-11-23"},
        },
    )
    [result] = run(db, client, settings, now=NOW + timedelta(minutes=10))
    assert (result.outcome, result.ts) == ("recovered", posted["ts"])
    assert slack.calls_to("chat.postMessage") == []
    assert runs(db)[0].state == "posted"


@pytest.mark.usefixtures("plan")
def test_an_abandoned_claim_without_a_message_is_posted_once(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    _abandoned_claim(db, claimed_at=NOW - timedelta(hours=1))
    [result] = run(db, client, settings)
    assert result.outcome == "posted"
    assert len(summaries_in(slack)) == 1


@pytest.mark.usefixtures("plan")
def test_a_public_channel_is_refused_unless_allowed(
    db: Database, slack: LocalSlack, client: WebClient
) -> None:
    slack.add_channel("C0PUBLIC", "general", is_private=False)
    settings = make_settings(slack, dhr_summary_channel="C0PUBLIC")
    [result] = run(db, client, settings)
    assert (result.outcome, result.error) == ("failed", "public_channel")
    assert slack.messages["C0PUBLIC"] == [] and runs(db) == []
    [dm] = dms_to(slack, COORDINATOR)
    assert "public" in dm["text"] and "DHR_ALLOW_PUBLIC_SUMMARY=true" in dm["text"]
    allowed = make_settings(slack, dhr_summary_channel="C0PUBLIC", dhr_allow_public_summary=True)
    assert run(db, client, allowed)[0].outcome == "posted"
    assert len(slack.messages["C0PUBLIC"]) == 2  # the summary and its chart


@pytest.mark.usefixtures("plan")
@pytest.mark.parametrize(
    ("channel", "code", "words"),
    [
        (None, "no_channel", "DHR_SUMMARY_CHANNEL"),
        ("C0NOWHERE", "channel_not_found", "does not exist"),
        ("C0OUTSIDE", "not_in_channel", "/invite"),
    ],
)
def test_channel_problems_are_clear_errors_to_coordinators(
    db: Database,
    slack: LocalSlack,
    client: WebClient,
    channel: str | None,
    code: str,
    words: str,
) -> None:
    slack.add_channel("C0OUTSIDE", "elsewhere", is_private=True, is_member=False)
    settings = make_settings(slack, dhr_summary_channel=channel)
    [result] = run(db, client, settings)
    assert (result.outcome, result.error) == ("failed", code)
    [dm] = dms_to(slack, COORDINATOR)
    assert words in dm["text"]
    assert slack.calls_to("chat.postMessage")[0].args["channel"] == COORDINATOR
    assert runs(db) == []


@pytest.mark.usefixtures("plan")
def test_the_summary_still_posts_when_the_chart_upload_fails_and_says_so(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    slack.fail_next("files.getUploadURLExternal", "invalid_arguments")
    [result] = run(db, client, settings)
    assert (result.outcome, result.chart) == ("posted", False)
    [message] = summaries_in(slack)
    assert CHART_MISSING in str(message["blocks"])
    assert "edited" in message


@pytest.mark.usefixtures("plan")
def test_many_workers_at_once_post_once(
    db: Database, slack: LocalSlack, settings: Settings
) -> None:
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def worker(n: int) -> None:
        database = Database(db.url)
        try:
            barrier.wait()
            client = make_client(settings, timeout=5)
            outcomes.extend(r.outcome for r in run(database, client, settings, worker=f"t{n}"))
        finally:
            database.dispose()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(outcomes).count("posted") == 1
    assert set(outcomes) <= {"posted", "busy", "already_posted"} and len(outcomes) == 6
    assert len(summaries_in(slack)) == 1


@pytest.mark.usefixtures("plan")
def test_two_clock_processes_at_once_post_once(
    db: Database, slack: LocalSlack, database_url: str
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": slack.url,
        "DHR_SUMMARY_CHANNEL": CHANNEL,
        "DHR_COORDINATORS": COORDINATOR,
    }
    command = [sys.executable, "-c", "from bot.cli import main; main()", "clock", "--once"]
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    stdout = "".join(out for out, _err in outputs)
    assert stdout.count(": posted") == 1, outputs
    assert len(summaries_in(slack)) == 1
    # Reminders too: one DM for each owner with something due, overdue or stale. Both
    # processes have exited (communicate() waited), so every call they made is recorded.
    assert _reminder_states(db) == {"U0B": "posted"}
    assert len(dms_to(slack, "U0B")) == 1
    assert [r.state for r in runs(db)] == ["posted"]


def _reminder_states(db: Database) -> dict[str, str]:
    with db.uow() as session:
        return {run.user_id: run.state for run in session.scalars(select(ReminderRun))}


def _abandoned(db: Database) -> None:
    from storage.repositories.reviews import get_review

    with db.uow() as session:
        lily = get_review("lily", session=session)
        assert lily is not None
        session.add(
            SummaryRun(
                review_id=lily.id,
                week_start=WEEK,
                state="claimed",
                claimed_by="dead:1:clock",
                claimed_at=NOW - timedelta(hours=1),
            )
        )


@pytest.mark.usefixtures("plan")
def test_an_abandoned_claim_is_not_posted_blind_when_the_history_is_unreadable(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    _abandoned(db)
    slack.fail_next("conversations.history", "missing_scope")
    [result] = run(db, client, settings)
    assert (result.outcome, result.error, result.unverified) == ("failed", "missing_scope", True)
    assert summaries_in(slack) == []
    assert [(r.state, r.error) for r in runs(db)] == [("failed", "unverified: missing_scope")]
    [dm] = dms_to(slack, COORDINATOR)
    assert "could not read the channel's history" in dm["text"] and "duplicate" in dm["text"]
    # When the history can be read and shows no summary, the next run posts it once.
    [later] = run(db, client, settings, now=NOW + timedelta(hours=1))
    assert later.outcome == "posted" and len(summaries_in(slack)) == 1


@pytest.mark.usefixtures("plan")
def test_a_definite_refusal_is_released_without_reading_the_history(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    slack.fail_next("chat.postMessage", "msg_too_long")
    [result] = run(db, client, settings)
    assert (result.outcome, result.error, result.unverified) == ("failed", "msg_too_long", False)
    assert slack.calls_to("conversations.history") == []


@pytest.mark.usefixtures("plan")
def test_a_channel_shared_with_another_organisation_is_refused_unless_allowed(
    db: Database, slack: LocalSlack, client: WebClient
) -> None:
    slack.add_channel("C0SHARED", "dhr-connect", is_private=True, shared=True)
    settings = make_settings(slack, dhr_summary_channel="C0SHARED")
    [result] = run(db, client, settings)
    assert (result.outcome, result.error) == ("failed", "shared_channel")
    assert slack.messages["C0SHARED"] == [] and runs(db) == []
    [dm] = dms_to(slack, COORDINATOR)
    assert "another organisation" in dm["text"] and "DHR_ALLOW_SHARED_SUMMARY=true" in dm["text"]
    allowed = make_settings(slack, dhr_summary_channel="C0SHARED", dhr_allow_shared_summary=True)
    assert run(db, client, allowed)[0].outcome == "posted"
