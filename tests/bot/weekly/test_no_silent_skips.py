"""Weekly jobs never skip in silence: busy claims are waited for, failures stay local and told."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select, update

from bot.config import Settings
from bot.weekly import claims
from bot.weekly.claims import STALE_CLAIM
from bot.weekly.context import JobContext
from bot.weekly.reminder_job import send_reminders
from bot.weekly.summary_job import post_summaries
from devkit.localslack import LocalSlack
from helpers import NOW
from plan_builder import Plan
from storage.db import Database
from storage.models import ReminderRun, SummaryRun
from summary_settings import CHANNEL, COORDINATOR

WEEK = date(2026, 11, 23)
DAY = timedelta(days=1)


class Waiting:
    """A clock that moves only when the run waits; `on_sleep` plays the other worker."""

    def __init__(
        self, db: Database, keep_fresh: type[SummaryRun] | type[ReminderRun] | None = None
    ):
        self.now = NOW
        self.slept = 0.0
        self.db = db
        self.keep_fresh = keep_fresh

    def clock(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.slept += seconds
        if self.keep_fresh is not None:  # a live worker still holding its claim
            with self.db.uow() as session:
                session.execute(update(self.keep_fresh).values(claimed_at=self.now))


def _ctx(
    db: Database,
    client: WebClient,
    settings: Settings,
    waiting: Waiting | None = None,
    now: datetime = NOW,
) -> JobContext:
    if waiting is None:
        return JobContext.start(db=db, client=client, settings=settings, now=now, worker="w1")
    return JobContext.start(
        db=db,
        client=client,
        settings=settings,
        now=now,
        worker="w1",
        clock=waiting.clock,
        sleep=waiting.sleep,
    )


def _coordinator_dms(slack: LocalSlack) -> list[str]:
    return [
        str(c.args.get("text"))
        for c in slack.calls_to("chat.postMessage")
        if c.args.get("channel") == COORDINATOR
    ]


def _summaries(slack: LocalSlack) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in slack.messages.get(CHANNEL, []) if m.get("subtype") != "file_share"]


@pytest.fixture
def reviews(db: Database) -> list[int]:
    """Commit two reviews, each with an action due soon."""
    ids = []
    with db.uow() as session:
        for slug, agency in (("lily", "SSP"), ("rose", "Police")):
            plan = Plan(session, slug=slug, agencies=(agency,))
            plan.action("1.1", agency=agency, due=date(2026, 12, 1), owner="U0A")
            ids.append(plan.review.id)
    return ids


def _claim(db: Database, review_id: int, minutes_ago: int) -> None:
    with db.uow() as session:
        session.add(
            SummaryRun(
                review_id=review_id,
                week_start=WEEK,
                state="claimed",
                claimed_by="dead:1:clock",
                claimed_at=NOW - timedelta(minutes=minutes_ago),
            )
        )


def test_a_fresh_claim_of_a_dead_worker_is_posted_in_the_same_run_once_stale(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, reviews: list[int]
) -> None:
    _claim(db, reviews[0], minutes_ago=2)
    waiting = Waiting(db)
    results = post_summaries(_ctx(db, client, settings, waiting))
    assert sorted(r.outcome for r in results) == ["posted", "posted"]
    assert len(_summaries(slack)) == 2
    # It waited for the claim to go stale rather than take over a live worker's post.
    assert waiting.slept >= (STALE_CLAIM - timedelta(minutes=2)).total_seconds()
    assert _coordinator_dms(slack) == []


def test_a_claim_that_stays_busy_is_told_to_the_coordinators(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, reviews: list[int]
) -> None:
    _claim(db, reviews[0], minutes_ago=0)
    results = post_summaries(_ctx(db, client, settings, Waiting(db, keep_fresh=SummaryRun)))
    assert sorted(r.outcome for r in results) == ["busy", "posted"]
    [told] = _coordinator_dms(slack)
    assert "lily" in told and "another process claimed it" in told


def test_an_error_recording_one_post_does_not_stop_the_other_reviews(
    db: Database,
    slack: LocalSlack,
    client: WebClient,
    settings: Settings,
    reviews: list[int],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorded = claims.mark_done
    calls: list[int] = []

    def broken_once(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        recorded(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(claims, "mark_done", broken_once)
    results = post_summaries(_ctx(db, client, settings))
    assert sorted(r.outcome for r in results) == ["failed", "posted"]
    assert len(_summaries(slack)) == 2
    [told] = _coordinator_dms(slack)
    assert "hit an error" in told and "ref " in told
    failed = [r for r in caplog.records if "failed (ref" in r.getMessage()]
    assert failed and "summary for review" in failed[0].getMessage()
    # The next run finds the post it could not record, and does not post it again.
    monkeypatch.setattr(claims, "mark_done", recorded)
    later = post_summaries(_ctx(db, client, settings, now=NOW + timedelta(minutes=10)))
    assert sorted(r.outcome for r in later) == ["already_posted", "recovered"]
    assert len(_summaries(slack)) == 2


@pytest.fixture
def owners(db: Database) -> None:
    """Commit overdue actions for two owners."""
    with db.uow() as session:
        plan = Plan(session)
        plan.action("1.1", owner="U0ONE", due=date(2026, 11, 2))
        plan.action("1.2", owner="U0TWO", due=date(2026, 11, 3))


@pytest.mark.usefixtures("owners")
def test_an_error_on_one_owner_still_sends_the_other_reminders(
    db: Database,
    slack: LocalSlack,
    client: WebClient,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = claims.mark_done

    def broken_for_one(db: Database, model: type, run_id: int, **kwargs: object) -> None:
        with db.uow() as session:
            user = session.scalar(select(ReminderRun.user_id).where(ReminderRun.id == run_id))
        if user == "U0ONE":
            raise RuntimeError("database went away")
        recorded(db, model, run_id, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(claims, "mark_done", broken_for_one)
    result = send_reminders(_ctx(db, client, settings))
    assert result.sent == ["U0TWO"] and list(result.errors) == ["U0ONE"]
    told = [t for t in _coordinator_dms(slack) if "hit an error" in t]
    assert len(told) == 1


@pytest.mark.usefixtures("owners")
def test_a_busy_reminder_claim_is_sent_in_the_same_run_once_stale(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    with db.uow() as session:
        session.add(
            ReminderRun(
                user_id="U0ONE",
                week_start=WEEK,
                state="claimed",
                claimed_by="dead:1:clock",
                claimed_at=NOW - timedelta(minutes=1),
            )
        )
    waiting = Waiting(db)
    result = send_reminders(_ctx(db, client, settings, waiting))
    assert (result.sent, result.busy) == (["U0ONE", "U0TWO"], [])
    assert waiting.slept >= (STALE_CLAIM - timedelta(minutes=1)).total_seconds()
