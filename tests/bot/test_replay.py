"""Replaying an action's updates in order gives exactly its current state, after any write."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.inputs import UpdateInput
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.services import Services
from bot.services.replay import ActionState, replay, state_of
from bot.services.writes import ChangedSince
from bot.status import Status
from helpers import NOW, FrozenClock
from storage.db import Database
from storage.models import Action, Update
from storage.repositories import updates as update_repo

LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
COORD = "U0COORD"
LEAD = "U0SSPLEAD"


@pytest.fixture
def services(db: Database) -> Services:
    with db.uow() as session:
        import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
    settings = Settings(database_url=db.url, dhr_coordinators=(COORD,))
    return Services(db, settings, FrozenClock(NOW))


def _violations(db: Database) -> list[str]:
    found = []
    with db.uow() as session:
        for action in session.scalars(select(Action)):
            replayed = replay(update_repo.of_action(action.id, session=session))
            if replayed != state_of(action):
                found.append(f"{action.ref}: {replayed} != {state_of(action)}")
    return found


def test_replay_applies_status_dates_and_owner_in_order() -> None:
    day, later = date(2026, 11, 20), date(2027, 3, 1)
    rows = [
        Update(source="import", status_before=None, status_after="not_started",
               new_due_date=day, owner_after=None),
        Update(source="modal", status_before="not_started", status_after="in_progress",
               due_date_before=day, new_due_date=later),
        Update(source="command", status_before="in_progress", status_after="in_progress",
               owner_after="U0OWNER", note="Assigned"),
        Update(source="modal", status_before="in_progress", status_after="complete",
               completed_on=day),
        Update(source="command", status_before="complete", status_after="complete",
               owner_after="U0OTHER"),
        Update(source="import", status_before="complete", status_after="complete",
               due_date_before=later, new_due_date=None),
    ]  # fmt: skip
    assert replay(rows) == ActionState("complete", day, None, "U0OTHER")
    assert replay(rows[:3]) == ActionState("in_progress", None, later, "U0OWNER")


def test_every_write_keeps_replay_equal_to_the_action(services: Services, db: Database) -> None:
    actions = services.actions
    assert _violations(db) == []
    one = actions.view(COORD, "1.1")
    actions.save_update(COORD, one.id, UpdateInput(status=Status.IN_PROGRESS), source="modal")
    later = NOW.date() + timedelta(days=90)
    actions.save_update(
        COORD, one.id, UpdateInput(note="moved", new_due_date=later), source="modal"
    )
    actions.assign(COORD, "1.1", LEAD)
    done = UpdateInput(status=Status.COMPLETE, note="done", completed_on=NOW.date())
    actions.save_update(COORD, one.id, done, source="command")
    actions.save_update(COORD, one.id, UpdateInput(note="a note after"), source="modal")
    seven = actions.view(COORD, "7.1")  # complete in the plan, without a date
    actions.save_update(COORD, seven.id, UpdateInput(note="still done"), source="modal")
    assert _violations(db) == []
    with db.uow() as session:
        import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
    assert _violations(db) == []


def test_a_save_from_an_old_version_stores_nothing(services: Services, db: Database) -> None:
    start = services.actions.start_update(LEAD, "1.1")
    services.actions.save_update(COORD, start.action.id, UpdateInput(note="first"), source="modal")
    with pytest.raises(ChangedSince) as refused:
        services.actions.save_update(
            LEAD, start.action.id, UpdateInput(note="second", seen=start.seen), source="modal"
        )
    assert [c.user_id for c in refused.value.changes] == [COORD]
    with db.uow() as session:
        notes = session.scalars(select(Update.note).where(Update.source == "modal")).all()
    assert notes == ["first"]
    assert _violations(db) == []
