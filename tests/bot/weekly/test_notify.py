"""Coordinators told about failed posts are exactly the coordinators the permissions know."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.config import Settings
from bot.roles import all_coordinators
from bot.weekly.notify import notify_coordinators
from devkit.localslack import LocalSlack
from helpers import NOW
from storage.db import Database
from storage.repositories import people
from summary_settings import COORDINATOR


def test_every_coordinator_is_told_once_from_the_environment_and_slack(
    db: Database, slack: LocalSlack, client: WebClient, settings: Settings
) -> None:
    with db.uow() as session:
        people.add_coordinator("U0ADDED", added_by=COORDINATOR, now=NOW, session=session)
        people.add_coordinator(COORDINATOR, added_by=None, now=NOW, session=session)
    assert notify_coordinators(db, client, settings, "Something went wrong") == 2
    told = [call.args["channel"] for call in slack.calls_to("chat.postMessage")]
    with db.uow() as session:
        expected = all_coordinators(session=session, env_coordinators=settings.dhr_coordinators)
    assert told == expected == ["U0ADDED", COORDINATOR]
