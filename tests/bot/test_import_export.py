"""Importing the Lily plan into storage, re-importing it, and exporting it."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.inputs import UpdateInput
from bot.plans.document import PlanDocument, PlanError
from bot.plans.export import CSV_COLUMNS, plan_rows, write_csv, write_file
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.plans.values import value_text
from bot.services.evidence_writes import EvidenceInput, add_evidence
from bot.services.writes import apply_update
from bot.status import Status
from helpers import LONDON, NOW
from storage.db import Database
from storage.models import Action, Evidence, Update
from storage.repositories import actions as action_repo

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bot" / "data"
BAD = Path(__file__).resolve().parents[1] / "data" / "plans"
TODAY = NOW.date()

# Every target of the Lily plan and what it becomes (docs/fuzzy-targets.md).
LILY_DUE = {
    "1.1": "2022-11-30", "2.1": "2022-12-31", "3.1": "2023-08-31", "4.1": "2022-12-31",
    "5.1": "2023-12-31", "6.1": "2022-12-31", "7.1": "", "8.1": "",
}  # fmt: skip


def _import(session: Session, name: str) -> None:
    parsed = parse_plan(DATA / name, review="lily")
    import_plan(parsed.document, session=session, now=NOW, today=TODAY, notes=parsed.notes)


@pytest.mark.parametrize("name", ["lily.yaml", "lily.csv", "lily.xlsx"])
def test_each_lily_file_imports_every_action_with_its_due_date(session: Session, name: str) -> None:
    _import(session, name)
    rows = plan_rows("lily", session=session, now=NOW, tz=LONDON)
    assert len(rows) == 18
    due = {r.ref: r.due_date.isoformat() if r.due_date else "" for r in rows}
    assert {ref: due[ref] for ref in LILY_DUE} == LILY_DUE
    implemented = next(r for r in rows if r.ref == "7.1")
    assert (implemented.status, implemented.target_text) == ("complete", "Implemented")
    assert next(r for r in rows if r.ref == "8.1").target_text == "Ongoing"


def test_the_three_lily_files_store_the_same_plan(db: Database) -> None:
    exported = []
    for name in ("lily.yaml", "lily.csv", "lily.xlsx"):
        with db.uow() as session:
            _import(session, name)
            rows = plan_rows("lily", session=session, now=NOW, tz=LONDON)
        exported.append(
            [
                (
                    r.ref,
                    r.action,
                    r.lead_agency,
                    r.target_text,
                    r.due_date,
                    r.owner,
                    r.milestones,
                    r.outcome,
                )
                for r in rows
            ]
        )
    assert exported[0] == exported[1] == exported[2]


def test_reimport_updates_text_and_keeps_updates_and_evidence(
    session: Session, tmp_path: Path
) -> None:
    _import(session, "lily.yaml")
    action = action_repo.find_by_ref("1.1", review_slug="lily", session=session)[0]
    from bot.permissions import Actor

    coordinator = Actor("U0COORD", coordinator=True)
    apply_update(
        action,
        UpdateInput(
            status=Status.IN_PROGRESS,
            note="Review commissioned",
            new_due_date=TODAY.replace(year=2027),
        ),
        actor=coordinator,
        source="console",
        now=NOW,
        today=TODAY,
        session=session,
    )
    add_evidence(
        action,
        EvidenceInput(kind="link", url="https://example.org/brief"),
        actor=coordinator,
        now=NOW,
        session=session,
    )
    changed = (
        (DATA / "lily.yaml")
        .read_text()
        .replace("Safelives to complete the review", "SafeLives to complete the review")
    )
    path = tmp_path / "lily.yaml"
    path.write_text(changed)
    report = import_plan(parse_plan(path).document, session=session, now=NOW, today=TODAY)
    assert report.created == [] and "1.1: plan text updated" in report.changed
    session.refresh(action)
    assert action.text.startswith("SafeLives")
    assert action.status == "in_progress"
    assert action.due_date == TODAY.replace(year=2027)  # the update's date survives
    notes = [u.note for u in action_repo.history(action.id, session=session)]
    assert "Review commissioned" in notes
    assert session.scalar(select(func.count(Evidence.id))) == 1


def test_an_agency_shared_with_another_review_is_reported_renamed_and_its_new_people(
    session: Session,
) -> None:
    _import(session, "lily.yaml")
    rowan = {
        "review": {"slug": "rowan", "title": "Review Rowan"},
        "agencies": [{"code": "ASC", "name": "Northshire Adult Social Care", "leads": ["U0NEW"]}],
        "recommendations": [
            {
                "number": 1,
                "text": "Train the team.",
                "actions": [{"ref": "1.1", "text": "Deliver training", "lead": "ASC"}],
            }
        ],
    }
    report = import_plan(PlanDocument.model_validate(rowan), session=session, now=NOW, today=TODAY)
    assert (
        "agency ASC renamed “Somerset Adult Social Care” → “Northshire Adult Social Care” "
        "(an agency's name is the same in every review)"
    ) in report.changed
    assert (
        "agency ASC: added U0NEW (lead); they also see the other reviews ASC takes part in: lily"
    ) in report.changed
    # The same file again: nothing renamed, nobody added.
    again = import_plan(PlanDocument.model_validate(rowan), session=session, now=NOW, today=TODAY)
    assert not [line for line in again.changed if line.startswith("agency")]


def test_csv_export_has_the_spec_columns_one_row_per_action(session: Session) -> None:
    _import(session, "lily.yaml")
    out = io.StringIO()
    write_csv(plan_rows("lily", session=session, now=NOW, tz=LONDON), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 18
    first = rows[0]
    assert (
        first["review"],
        first["ref"],
        first["due_date"],
        first["status"],
        first["rag"],
        first["overdue"],
    ) == ("lily", "1.1", "2022-11-30", "not_started", "red", "yes")


def test_xlsx_and_markdown_exports_fill_the_completion_column(
    session: Session, tmp_path: Path
) -> None:
    _import(session, "lily.yaml")
    rows = plan_rows("lily", session=session, now=NOW, tz=LONDON)
    write_file(rows, "lily", "xlsx", tmp_path / "plan.xlsx")
    write_file(rows, "lily", "md", tmp_path / "plan.md")
    sheet = load_workbook(tmp_path / "plan.xlsx")["Action plan"]
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(1, 7).value == "Completion date/Outcome"
    markdown = (tmp_path / "plan.md").read_text()
    assert "| **MARAC** |" in markdown
    assert "Not started (overdue) (RED)" in markdown
    assert "Recorded in the plan as 'Implemented'" in markdown


def _counts(db: Database) -> tuple[int, int]:
    with db.uow() as session:
        return (
            session.scalar(select(func.count(Action.id))) or 0,
            session.scalar(select(func.count(Update.id))) or 0,
        )


@pytest.mark.parametrize(("name", "expected"), [
    ("missing_action_column.csv", "Action"),
    ("no_action_text.csv", "column 'Action'"),
    ("bad_owner.csv", "not a Slack user ID"),
    ("duplicate_ref.csv", "duplicate ref 1.2"),
    ("duplicate_ref.yaml", "duplicate"),
    ("float_ref.yaml", "ref"),
    ("not_a_plan.txt", "not"),
    ("binary.csv", "not a CSV"),
])  # fmt: skip
def test_cli_rejects_bad_plans_and_stores_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch, name: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("COLUMNS", "400")
    result = CliRunner().invoke(cli, ["import", str(BAD / name)])
    assert result.exit_code != 0
    assert name in result.output and expected in result.output
    assert _counts(db) == (0, 0)


def test_cli_imports_then_exports_csv(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db.url)
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", str(DATA / "lily.csv"), "--review", "lily"])
    assert imported.exit_code == 0, imported.output
    assert "18 new actions" in imported.output
    exported = runner.invoke(cli, ["export", "--review", "lily", "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    lines = [line for line in exported.output.splitlines() if line.startswith("lily,")]
    assert len(lines) == 18
    shown = runner.invoke(cli, ["plan", "--review", "lily"])
    assert shown.exit_code == 0 and "1.1" in shown.output
    missing = runner.invoke(cli, ["export", "--review", "nope"])
    assert missing.exit_code == 1 and "No review 'nope'" in missing.output


@pytest.mark.parametrize(("value", "written", "read"), [
    (None, "", ""),
    (True, "yes", "TRUE"),
    (False, "no", "FALSE"),
    (date(2023, 8, 31), "2023-08-31", "2023-08-31"),
    (datetime(2023, 8, 31), "2023-08-31", "2023-08-31"),
    (datetime(2023, 8, 31, 9, 30), "2023-08-31 09:30:00", "2023-08-31 09:30:00"),
    (4.0, "4", "4"),
    (1.5, "1.5", "1.5"),
    (7, "7", "7"),
    ("Dec 22", "Dec 22", "Dec 22"),
])  # fmt: skip
def test_one_rule_turns_a_cell_value_into_text_for_reading_and_writing(
    value: object, written: str, read: str
) -> None:
    # Exports spell a flag yes/no (the CSV columns); a workbook we read shows TRUE/FALSE.
    assert value_text(value) == written
    assert value_text(value, yes="TRUE", no="FALSE") == read


def _plans_imports() -> dict[str, set[str]]:
    """Return, for each bot.plans module, the bot.plans modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in (ROOT / "bot" / "plans").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        graph[path.stem] = {n.rsplit(".", 1)[1] for n in names if n.startswith("bot.plans.")}
    return graph


def test_plan_modules_import_each_other_without_a_cycle() -> None:
    graph = _plans_imports()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for imported in graph.get(module, set()):
            visit(imported, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_each_export_writer_imports_the_rows_and_no_other_writer() -> None:
    graph = _plans_imports()
    writers = {"export_csv", "export_md", "export_xlsx"}
    for writer in writers:
        assert "rows" in graph[writer]
        assert not graph[writer] & (writers | {"export"}), writer


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_trackers_own_export_is_refused_as_a_plan_with_a_clear_message(
    session: Session, tmp_path: Path, fmt: str
) -> None:
    _import(session, "lily.yaml")
    path = tmp_path / f"lily-export.{fmt}"
    write_file(plan_rows("lily", session=session, now=NOW, tz=LONDON), "lily", fmt, path)
    with pytest.raises(PlanError) as caught:
        parse_plan(path, review="lily")
    assert "the tracker's own export" in str(caught.value)
    assert "Import the plan file you started from" in str(caught.value)
