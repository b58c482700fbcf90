"""Writes against an action's state, dated in the partnership's time zone."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.inputs import UpdateInput
from bot.permissions import Actor
from bot.plans.export import plan_rows, write_csv
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.readmodel.detail import history_entry
from bot.services.assignment_writes import assign
from bot.services.writes import apply_update
from bot.status import Status
from helpers import LONDON, NOW
from storage.models import Action
from storage.repositories import actions as action_repo
from storage.repositories import people

LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
COORDINATOR = Actor("U0COORD", coordinator=True)
TODAY = NOW.date()

# The export's CSV columns (docs/plan-files.md): fixed names, in this order.
SPEC_COLUMNS = [
    "review", "ref", "recommendation", "action", "lead_agency", "owner", "target_text",
    "due_date", "status", "rag", "overdue", "completed_on", "last_update_at",
    "last_update_note", "evidence_count",
    # Added by the second release, at the end in this order.
    "signed_off_on", "signed_off_by", "original_due_date", "times_reprogrammed",
    "last_assured_on", "impact_statement", "recommendation_decision", "delivering_agency",
]  # fmt: skip


@pytest.fixture
def lily(session: Session) -> Session:
    import_plan(parse_plan(LILY).document, session=session, now=NOW, today=TODAY)
    return session


def _action(session: Session, ref: str) -> Action:
    return action_repo.find_by_ref(ref, review_slug="lily", session=session)[0]


def _update(session: Session, action: Action, data: UpdateInput, *, now: datetime = NOW) -> None:
    apply_update(
        action,
        data,
        actor=COORDINATOR,
        source="command",
        now=now,
        today=now.astimezone(LONDON).date(),
        session=session,
    )


def test_a_note_on_a_complete_action_keeps_its_completion_date(lily: Session) -> None:
    action = _action(lily, "1.1")
    _update(
        lily,
        action,
        UpdateInput(
            status=Status.COMPLETE, note="Review delivered", completed_on=date(2026, 11, 20)
        ),
    )
    _update(
        lily, action, UpdateInput(note="Minutes attached", links=("https://example.org/minutes",))
    )
    assert (action.status, action.completed_on) == ("complete", date(2026, 11, 20))
    last = action_repo.history(action.id, session=lily)[-1]
    assert (last.status_after, last.completed_on, last.note) == (
        "complete",
        date(2026, 11, 20),
        "Minutes attached",
    )


def test_a_complete_action_takes_no_new_target_date(lily: Session) -> None:
    action = _action(lily, "1.1")
    _update(
        lily,
        action,
        UpdateInput(status=Status.COMPLETE, note="Done", completed_on=date(2026, 11, 20)),
    )
    with pytest.raises(InvalidInput) as refused:
        _update(lily, action, UpdateInput(new_due_date=date(2027, 3, 31)))
    assert "new_due_date" in refused.value.fields
    assert action.due_date == date(2022, 11, 30)


def test_an_action_the_plan_records_as_implemented_takes_notes(lily: Session) -> None:
    action = _action(lily, "7.1")
    assert (action.status, action.completed_on) == ("complete", None)
    _update(lily, action, UpdateInput(note="Ethnicity recording audited"))
    assert (action.status, action.completed_on) == ("complete", None)


def test_history_is_dated_in_the_partnerships_time_zone(lily: Session) -> None:
    action = _action(lily, "2.1")
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London
    _update(lily, action, UpdateInput(status=Status.IN_PROGRESS, note="Campaign started"), now=late)
    update = next(
        u for u in action_repo.history(action.id, session=lily) if u.note == "Campaign started"
    )
    entry = history_entry(update, LONDON)
    assert entry.on == date(2026, 7, 1)


def test_export_uses_local_dates_and_the_completing_note(lily: Session) -> None:
    action = _action(lily, "1.2")
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    _update(
        lily,
        action,
        UpdateInput(
            status=Status.COMPLETE, note="Action plan agreed", completed_on=date(2026, 6, 30)
        ),
        now=late,
    )
    people.set_membership(
        people.get_agency("SSP", session=lily),
        "U0NEWOWNER",
        "member",
        added_by=None,
        now=NOW,
        session=lily,
    )
    ssp = people.get_agency("SSP", session=lily)
    assert ssp is not None
    owner = Actor("U0NEWOWNER", member_of=frozenset({ssp.id}))
    assign(action, owner, actor=COORDINATOR, now=NOW, session=lily)
    rows = plan_rows("lily", session=lily, now=NOW, tz=LONDON)
    row = next(r for r in rows if r.ref == "1.2")
    assert row.completion_outcome() == "Completed 30 Jun 2026. Action plan agreed"
    out = io.StringIO()
    write_csv(rows, out)
    exported = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(exported[0]) == SPEC_COLUMNS
    cells = next(r for r in exported if r["ref"] == "1.2")
    assert (
        cells["completed_on"],
        cells["last_update_at"],
        cells["last_update_note"],
        cells["owner"],
        cells["status"],
        cells["overdue"],
    ) == ("2026-06-30", "2026-07-01", "Action plan agreed", "U0NEWOWNER", "complete", "no")
    assert next(r for r in exported if r["ref"] == "3.3")["delivering_agency"] == "CCG"


def test_reimport_with_a_publication_date_resolves_relative_targets(
    session: Session, tmp_path: Path
) -> None:
    text = LILY.read_text().replace("published: 2022-03-01", "published:")
    text = text.replace("target: Ongoing", "target: within six months of publication")
    first = tmp_path / "lily.yaml"
    first.write_text(text)
    report = import_plan(parse_plan(first).document, session=session, now=NOW, today=TODAY)
    assert any(line.startswith("8.1:") for line in report.flagged)
    assert _action(session, "8.1").due_date is None
    first.write_text(text.replace("published:", "published: 2026-01-15"))
    again = import_plan(parse_plan(first).document, session=session, now=NOW, today=TODAY)
    action = _action(session, "8.1")
    assert (action.due_date, action.target_flag) == (date(2026, 7, 15), None)
    assert not any(line.startswith("8.1:") for line in again.flagged)
    notes = [u.note for u in action_repo.history(action.id, session=session)]
    assert "Target now understood: 'within six months of publication'" in notes
