"""Assurance in the weekly message: statements asked for, drifting actions escalated once a week."""

from __future__ import annotations

from datetime import date, timedelta

from slack_sdk import WebClient

from bot.config import Settings
from bot.weekly.context import JobContext
from bot.weekly.reminder_job import send_reminders
from devkit.localslack import LocalSlack
from helpers import NOW
from plan_builder import Plan
from storage.db import Database
from storage.repositories import assurance as repo
from storage.repositories import people
from summary_settings import COORDINATOR

WEEK = timedelta(days=7)
LEAD = "U0SSPLEAD"
OWNER = "U0OWNER"


def _run(db: Database, client: WebClient, settings: Settings, weeks: int) -> None:
    ctx = JobContext.start(
        db=db, client=client, settings=settings, now=NOW + weeks * WEEK, worker="w1"
    )
    send_reminders(ctx)


def _texts(slack: LocalSlack, user: str) -> list[str]:
    return [str(m["blocks"]) for m in slack.messages.get(f"D{user}", [])]


def _plan(db: Database) -> int:
    with db.uow() as session:
        plan = Plan(session)
        people.set_membership(
            plan.agencies["SSP"], LEAD, "lead", added_by=None, now=NOW, session=session
        )
        late = plan.action("1.1", owner=OWNER, due=date(2026, 10, 1))
        return late.id


def test_a_drifting_action_goes_to_the_lead_after_two_reminders_and_coordinators_after_four(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    action_id = _plan(db)
    for week in range(2):
        _run(db, client, settings, week)
    assert not any("Drifting" in t for t in _texts(slack, LEAD))
    _run(db, client, settings, 2)
    lead = _texts(slack, LEAD)
    assert len(lead) == 1 and "Drifting" in lead[0] and "2 weekly" in lead[0]
    assert "escalation_ack" in lead[0] and str(action_id) in lead[0]
    assert not _texts(slack, COORDINATOR)
    _run(db, client, settings, 3)
    _run(db, client, settings, 4)
    coordinator = _texts(slack, COORDINATOR)
    assert len(coordinator) == 1 and "4 weekly" in coordinator[0]
    assert len(_texts(slack, LEAD)) == 3  # one message a week, never two


def test_acknowledging_stops_repeats_until_the_action_changes(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    action_id = _plan(db)
    for week in range(3):
        _run(db, client, settings, week)
    assert "Drifting" in _texts(slack, LEAD)[-1]
    with db.uow() as session:
        repo.acknowledge(action_id, LEAD, now=NOW + 2 * WEEK + timedelta(hours=1), session=session)
    _run(db, client, settings, 3)
    _run(db, client, settings, 4)
    assert len(_texts(slack, LEAD)) == 1  # not listed to the lead again
    assert "Drifting" in _texts(slack, COORDINATOR)[-1]  # the ack was the lead's alone


def test_an_ongoing_action_owner_is_asked_for_a_statement_in_the_quarters_last_month(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    with db.uow() as session:
        plan = Plan(session)
        ongoing = plan.action("2.1", owner=OWNER, target_kind="ongoing")
        plan.update(ongoing, at=NOW, status="in_progress", user=OWNER)
    _run(db, client, settings, 1)  # 3 December 2026: the quarter's last month
    asked = _texts(slack, OWNER)
    assert asked and "Assurance statement due this month" in asked[-1]
    assert "/dhr assure lily:2.1" in asked[-1]
