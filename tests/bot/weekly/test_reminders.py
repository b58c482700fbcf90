"""Weekly reminder DMs: one per owner, once a week, with an Update button per action."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.messages.kit import button, context, header
from bot.messages.reminders import reminder_blocks
from bot.slackclient import make_client
from bot.weekly.context import JobContext
from bot.weekly.owners import reminder_lists
from bot.weekly.reminder_job import ReminderResult, send_reminders, set_reminders
from devkit.localslack import Call, LocalSlack
from helpers import NOW
from plan_builder import Plan
from storage.db import Database
from storage.models import ReminderRun
from summary_settings import COORDINATOR

DAY = timedelta(days=1)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    """Commit actions for three owners; only U0ONE and U0TWO have something to do."""
    with db.uow() as session:
        plan = Plan(session)
        late = plan.action("1.1", owner="U0ONE", due=date(2026, 11, 2))
        soon = plan.action("1.2", owner="U0ONE", due=date(2026, 12, 3), created=NOW - 2 * DAY)
        done = plan.action("1.3", owner="U0ONE", due=date(2026, 11, 1))
        plan.update(
            done, at=NOW - DAY, status="complete", user="U0ONE", completed_on=date(2026, 11, 25)
        )
        stale = plan.action("2.1", agency="Police", owner="U0TWO", target_kind="ongoing")
        fine = plan.action("2.2", agency="Police", owner="U0THREE", due=date(2027, 2, 1))
        plan.update(fine, at=NOW - 3 * DAY, status="in_progress", user="U0THREE")
        plan.action("2.3", agency="Police", due=date(2026, 11, 1))  # nobody to remind
        return {"late": late.id, "soon": soon.id, "stale": stale.id}


def send(
    db: Database, client: WebClient, settings: Settings, now=NOW, worker="w1"
) -> ReminderResult:  # type: ignore[no-untyped-def]
    ctx = JobContext.start(db=db, client=client, settings=settings, now=now, worker=worker)
    return send_reminders(ctx)


def dms(slack: LocalSlack) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    return {c[1:]: list(m) for c, m in slack.messages.items() if c.startswith("D") and m}


def test_one_dm_per_owner_with_an_update_button_per_action(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, ids: dict[str, int]
) -> None:
    result = send(db, client, settings)
    assert result.sent == ["U0ONE", "U0TWO"] and result.week_start == date(2026, 11, 23)
    sent = dms(slack)
    assert sorted(sent) == ["U0ONE", "U0TWO"]
    [one] = sent["U0ONE"]
    buttons = [b["accessory"] for b in one["blocks"] if b.get("accessory")]
    assert [(b["action_id"], b["value"], b["text"]["text"]) for b in buttons] == [
        ("open_update", str(ids["late"]), "Update"),
        ("open_update", str(ids["soon"]), "Update"),
    ]
    text = str(one["blocks"])
    assert "*lily:1.1*" in text and "Overdue since Mon 2 Nov 2026 (24 days)" in text
    assert "Due Thu 3 Dec 2026" in text and "lily:1.3" not in text
    [two] = sent["U0TWO"]
    assert "No update for 4 weeks" in str(two["blocks"])
    assert one["text"] == "You have 2 DHR actions to look at this week."


def test_once_per_owner_per_week(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, ids: dict[str, int]
) -> None:
    send(db, client, settings)
    again = send(db, client, settings, now=NOW + 3 * DAY, worker="w2")
    assert again.sent == [] and again.already_sent == ["U0ONE", "U0TWO"]
    assert {user: len(m) for user, m in dms(slack).items()} == {"U0ONE": 1, "U0TWO": 1}
    next_week = send(db, client, settings, now=NOW + 5 * DAY)
    assert next_week.sent == ["U0ONE", "U0TWO"]
    with db.uow() as session:
        assert len(session.scalars(select(ReminderRun)).all()) == 4


def test_off_and_on_are_respected(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, ids: dict[str, int]
) -> None:
    with db.uow() as session:
        set_reminders("U0TWO", False, session=session, now=NOW)
    result = send(db, client, settings)
    assert (result.sent, result.turned_off) == (["U0ONE"], ["U0TWO"])
    with db.uow() as session:
        set_reminders("U0TWO", True, session=session, now=NOW + DAY)
    later = send(db, client, settings, now=NOW + DAY)
    assert (later.sent, later.already_sent) == (["U0TWO"], ["U0ONE"])
    assert {user: len(m) for user, m in dms(slack).items()} == {"U0ONE": 1, "U0TWO": 1}


def test_a_failed_dm_is_retried_by_the_next_run_and_coordinators_are_told(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, ids: dict[str, int]
) -> None:
    slack.fail_next("chat.postMessage", "internal_error", status=500)
    first = send(db, client, settings)
    assert first.failed == {"U0ONE": "internal_error"} and first.sent == ["U0TWO"]
    [note] = dms(slack)[COORDINATOR]
    assert "1 weekly reminder DM(s) could not be sent" in note["text"]
    second = send(db, client, settings, now=NOW + DAY)
    assert (second.sent, second.already_sent) == (["U0ONE"], ["U0TWO"])
    assert len(dms(slack)["U0ONE"]) == 1


def _stored_anyway(slack: LocalSlack) -> None:
    """Make Slack keep the next DM although it answers 500, as a real outage can."""

    def keep(call: Call) -> None:
        if call.method == "chat.postMessage" and call.status == 500:
            channel = "D" + str(call.args["channel"])
            extra = {k: call.args[k] for k in ("blocks", "metadata") if k in call.args}
            slack.add_message(channel, str(call.args["text"]), "U0DHRBOT", **extra)

    slack.on_call(keep)
    slack.fail_next("chat.postMessage", "internal_error", status=500)


def test_a_dm_that_slack_kept_despite_a_500_is_recorded_not_resent(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, ids: dict[str, int]
) -> None:
    _stored_anyway(slack)
    first = send(db, client, settings)
    assert (first.recovered, first.sent, first.failed) == (["U0ONE"], ["U0TWO"], {})
    second = send(db, client, settings, now=NOW + DAY)
    assert second.already_sent == ["U0ONE", "U0TWO"]
    assert {user: len(m) for user, m in dms(slack).items()} == {"U0ONE": 1, "U0TWO": 1}


def _abandoned_claim(db: Database, user_id: str) -> None:
    with db.uow() as session:
        session.add(
            ReminderRun(
                user_id=user_id,
                week_start=date(2026, 11, 23),
                state="claimed",
                claimed_by="dead:1:clock",
                claimed_at=NOW - timedelta(hours=1),
            )
        )


def test_an_abandoned_claim_is_not_resent_blind_when_the_dm_history_is_unreadable(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, ids: dict[str, int]
) -> None:
    _abandoned_claim(db, "U0ONE")
    slack.fail_next("conversations.history", "missing_scope")
    result = send(db, client, settings)
    assert (result.unverified, result.sent) == ({"U0ONE": "missing_scope"}, ["U0TWO"])
    assert "U0ONE" not in dms(slack)
    [note] = dms(slack)[COORDINATOR]
    assert "could not read the DM history" in note["text"] and "im:history" in note["text"]
    with db.uow() as session:
        run = session.scalars(select(ReminderRun).where(ReminderRun.user_id == "U0ONE")).one()
        assert (run.state, run.error) == ("failed", "unverified: missing_scope")
    # Once the history can be read and shows nothing, the reminder goes out once.
    later = send(db, client, settings, now=NOW + DAY)
    assert later.sent == ["U0ONE"] and len(dms(slack)["U0ONE"]) == 1


def test_a_500_is_not_released_blind_when_the_dm_history_is_unreadable(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings, ids: dict[str, int]
) -> None:
    _stored_anyway(slack)
    slack.fail_next("conversations.history", "missing_scope")
    result = send(db, client, settings)
    assert result.unverified == {"U0ONE": "internal_error, then missing_scope"}
    slack.fail_next("conversations.history", "missing_scope")
    again = send(db, client, settings, now=NOW + DAY)
    assert again.unverified == {"U0ONE": "missing_scope"} and again.sent == []
    assert len(dms(slack)["U0ONE"]) == 1


def test_a_late_claim_in_a_long_run_is_stamped_when_made_so_nobody_takes_it_over(
    db: Database, slack: LocalSlack, settings: Settings, ids: dict[str, int]
) -> None:
    readings: list[datetime] = []

    def slow_clock() -> datetime:  # every reading is 10 minutes after the last
        readings.append(NOW + len(readings) * timedelta(minutes=10))
        return readings[-1]

    def hold_the_second_dm(call: Call) -> None:
        if call.method == "chat.postMessage" and call.args.get("channel") == "U0ONE":
            slack.fail_next("chat.postMessage", error=None, delay=1.5)

    slack.on_call(hold_the_second_dm)
    first = Database(db.url)
    worker = threading.Thread(
        target=send_reminders,
        args=(
            JobContext.start(
                db=first,
                client=make_client(settings, timeout=5),
                settings=settings,
                now=NOW,
                worker="w1",
                clock=slow_clock,
            ),
        ),
    )
    worker.start()
    try:
        deadline = time.monotonic() + 5
        while not _claimed(db, "U0TWO") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _claimed(db, "U0TWO")
        # A second clock a minute after the claim sees a live claim, not an abandoned one.
        moment = readings[-1] + timedelta(minutes=1)
        second = send_reminders(
            JobContext.start(
                db=db,
                client=make_client(settings, timeout=5),
                settings=settings,
                now=moment,
                worker="w2",
                clock=lambda: moment,
            )
        )
    finally:
        worker.join(10)
        first.dispose()
    assert not worker.is_alive()  # the first run has finished: every DM it sent is recorded
    # It waited for the live claim instead of taking it over, and found it sent.
    assert (second.busy, second.sent, second.recovered) == ([], [], [])
    assert second.already_sent == ["U0ONE", "U0TWO"]
    assert {user: len(m) for user, m in dms(slack).items()} == {"U0ONE": 1, "U0TWO": 1}


def _claimed(db: Database, user_id: str) -> bool:
    with db.uow() as session:
        return (
            session.scalar(select(ReminderRun.id).where(ReminderRun.user_id == user_id)) is not None
        )


def test_a_reminder_shows_the_last_update_on_the_partnerships_day(session: Session) -> None:
    plan = Plan(session)
    action = plan.action(
        "1.1", target_kind="ongoing", created=datetime(2026, 6, 1, tzinfo=UTC), owner="U0A"
    )
    plan.update(action, at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC), status="in_progress")
    now = datetime(2026, 8, 3, 8, 0, tzinfo=UTC)
    [line] = reminder_lists(session=session, now=now, tz=LONDON)["U0A"]
    blocks = reminder_blocks([line], today=date(2026, 8, 3), marker="m")
    assert "(last: Wed 1 Jul 2026)" in str(blocks)


def test_the_reminder_is_built_from_the_shared_block_kit_primitives(session: Session) -> None:
    plan = Plan(session)
    action = plan.action("1.1", owner="U0A", due=date(2026, 11, 2), text="Audit <MARAC> & DVPN")
    [line] = reminder_lists(session=session, now=NOW, tz=LONDON)["U0A"]
    blocks = reminder_blocks([line], today=date(2026, 11, 26), marker="dhr-reminder:U0A:w")
    assert blocks[0] == header("Your DHR actions this week")
    assert blocks[1]["block_id"] == "dhr-reminder:U0A:w"
    assert blocks[2]["accessory"] == button("Update", "open_update", str(action.id))
    assert blocks[2]["text"]["text"].startswith("*lily:1.1* Audit &lt;MARAC&gt; &amp; DVPN\n")
    assert blocks[-1] == context("Turn these reminders off with `/dhr reminders off`.")
