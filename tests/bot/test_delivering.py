"""Delivering agencies read from action texts: one table, run through each plan format."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
from sqlalchemy import func, select

from bot.config import Settings
from bot.errors import NotFound, PermissionDenied, UserFacingError
from bot.plans.delivering import AgencyNames, detect_delivering
from bot.plans.importer import ImportReport, import_plan
from bot.plans.parse import parse_plan
from bot.services import Services
from helpers import NOW, FrozenClock
from storage.db import Database
from storage.models import Action, Agency, Update

LILY = Path(__file__).resolve().parents[2] / "bot" / "data"
ASK = "?"  # listed for a coordinator to confirm; stays with the lead agency
LEAD = "SSP"

# (action text, the agency it names as doing it, or ASK). Lead agency SSP throughout; the
# recommendation's Ownership line names Police, SomFT, CCG and ASC.
CASES: list[tuple[str, str]] = [
    # the subject first
    ("CCG to promote best practice to GPs about trauma informed approach.", "CCG"),
    ("SomFT to review its DA training module.", "SomFT"),
    ("Police to refresh DASH training for response officers.", "Police"),
    ("ASC to update its safeguarding procedures.", "ASC"),
    ("The Police to audit repeat call-outs.", "Police"),
    ("The police will brief every neighbourhood team.", "Police"),
    ("CCG should circulate the guidance to practices.", "CCG"),
    ("SSP to review findings and develop an action plan.", "SSP"),
    ("CCG's safeguarding lead to deliver sessions to GPs.", "CCG"),
    # within / across X
    ("Implementation of DA Matters within ASC.", "ASC"),
    ("Roll out routine enquiry within SomFT.", "SomFT"),
    ("Practitioners within ASC to complete the new training.", "ASC"),
    ("Embed the toolkit across the Police.", "Police"),
    ("Training to be delivered across SomFT and CCG.", ASK),
    # a passive agent
    ("Online training modules to be provided by SSP within their DA training.", "SSP"),
    ("Briefings to be delivered by the police to all staff.", "Police"),
    ("A new pathway to be led by CCG and SomFT.", ASK),
    # X and Y to ...
    ("Police and ASC to agree a joint protocol.", ASK),
    ("Police, CCG and SomFT to report to SSP on the training.", ASK),
    ("SomFT and CCG will jointly commission a service.", ASK),
    ("Police or ASC to lead the audit.", ASK),
    # names written out, and abbreviations a glossary gives
    ("Somerset NHS Foundation Trust will audit its records.", "SomFT"),
    ("Somerset Adult Social Care to review its referral pathway.", "ASC"),
    ("Adult Social Care to deliver carers' assessments.", "ASC"),
    ("Clinical Commissioning Group to fund the pilot.", "CCG"),
    ("Safer Somerset Partnership to publish the learning.", "SSP"),
    # agencies named only as objects
    ("SSP to seek assurance from the police, CCG and SomFT that the training is ongoing.", LEAD),
    ("Work with CCG to develop a GP briefing.", LEAD),
    ("Update report to SSP.", LEAD),
    ("Seek assurance from the police that DASH is used.", LEAD),
    ("Commission a service for victims referred by ASC.", LEAD),
    ("Agree information sharing with the police and ASC.", LEAD),
    ("Present the audit findings to CCG.", LEAD),
    # no agency of the plan named
    ("Safelives to complete the review of the MARAC.", ASK),
    ("All agencies to be reminded of recording ethnicity.", ASK),
    ("Relevant practitioners to access the suicide prevention course.", ASK),
    ("Campaign to highlight AFV.", LEAD),
    ("Update Communication strategy to include AFV.", LEAD),
]
OWNERSHIP = ("Police", "SomFT", "CCG", "ASC")
NAMES = {
    "SSP": "Safer Somerset Partnership",
    "SomFT": "Somerset Partnership NHS Foundation Trust",
    "CCG": "Somerset Clinical Commissioning Group",
    "ASC": "Somerset Adult Social Care",
}
AGENCIES = [AgencyNames(code, (NAMES.get(code, ""),)) for code in (LEAD, *OWNERSHIP)]


def _ref(index: int) -> str:
    return f"1.{index + 1}"


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_detect_delivering(text: str, expected: str) -> None:
    found = detect_delivering(text, AGENCIES, ownership=OWNERSHIP, lead=LEAD)
    if expected == ASK:
        assert found.code is None and found.reason
    elif expected == LEAD and not text.startswith(LEAD):
        assert found.code in (None, LEAD) and found.reason is None
    else:
        assert (found.code, found.reason) == (expected, None)


def test_the_table_has_thirty_texts_or_more() -> None:
    assert len(CASES) >= 30


# -- the same table through each importer ----------------------------------------------------

GLOSSARY = [[code, name] for code, name in NAMES.items()]
RECOMMENDATION = "Recommendation One\nTrain everyone.\nOwnership: " + ", ".join(OWNERSHIP)
HEADER = ["", "Recommendation", "Ref", "Action", "Lead Agency", "Target Date"]


def _table() -> list[list[str]]:
    rows = []
    for index, (text, _) in enumerate(CASES):
        first = index == 0
        rows.append(["1" if first else "", RECOMMENDATION if first else "", _ref(index), text])
        rows[-1] += [LEAD, "2027"]
    return rows


def _write_csv(path: Path) -> Path:
    target = path / "plan.csv"
    with target.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([*GLOSSARY, [], HEADER, *_table()])
    return target


def _write_xlsx(path: Path) -> Path:
    target = path / "plan.xlsx"
    book = Workbook()
    glossary = book.active
    assert glossary is not None
    glossary.title = "Glossary"
    for row in GLOSSARY:
        glossary.append(row)
    plan = book.create_sheet("Plan")
    for row in [HEADER, *_table()]:
        plan.append(row)
    book.save(target)
    return target


def _write_yaml(path: Path) -> Path:
    target = path / "plan.yaml"
    data = {
        "review": {"slug": "plan", "title": "Delivering agencies"},
        "agencies": [{"code": code, "name": NAMES.get(code, "")} for code in (LEAD, *OWNERSHIP)],
        "recommendations": [
            {
                "number": 1,
                "text": "Train everyone.",
                "ownership": list(OWNERSHIP),
                "actions": [
                    {"ref": _ref(i), "text": text, "lead": LEAD, "target": "2027"}
                    for i, (text, _) in enumerate(CASES)
                ],
            }
        ],
    }
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


def _import(db: Database, path: Path) -> tuple[ImportReport, dict[str, str]]:
    review = None if path.parent == LILY else "plan"
    with db.uow() as session:
        report = import_plan(
            parse_plan(path, review=review).document, session=session, now=NOW, today=NOW.date()
        )
        actions = session.scalars(select(Action)).all()
        return report, {a.ref: a.delivering_agency.code for a in actions}


@pytest.mark.parametrize("write", [_write_csv, _write_xlsx, _write_yaml])
def test_each_importer_reads_the_delivering_agency(
    db: Database, tmp_path: Path, write: Callable[[Path], Path]
) -> None:
    report, delivering = _import(db, write(tmp_path))

    asked = {line.partition(":")[0] for line in report.to_confirm}
    for index, (text, expected) in enumerate(CASES):
        ref = _ref(index)
        if expected == ASK:
            assert ref in asked, text
            assert delivering[ref] == LEAD, text  # nothing guessed until a coordinator confirms
        else:
            assert ref not in asked, text
            assert delivering[ref] == expected, text


def test_delivered_by_in_yaml_overrides_the_text(db: Database, tmp_path: Path) -> None:
    path = _write_yaml(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first, second = data["recommendations"][0]["actions"][:2]
    first["delivered_by"] = "ASC"  # the text says CCG
    second["delivered_by"] = "SSP"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    _, delivering = _import(db, path)

    assert (delivering["1.1"], delivering["1.2"]) == ("ASC", "SSP")


def test_delivered_by_must_name_a_listed_agency(tmp_path: Path) -> None:
    path = _write_yaml(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["recommendations"][0]["actions"][0]["delivered_by"] = "ccg"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    with pytest.raises(Exception, match=r"delivered_by.*did you mean CCG"):
        parse_plan(path)


@pytest.mark.parametrize("name", ["lily.yaml", "lily.csv", "lily.xlsx"])
def test_the_bundled_lily_plan(db: Database, name: str) -> None:
    report, delivering = _import(db, LILY / name)

    changed = {ref: code for ref, code in delivering.items() if code not in ("SSP", "SSAB")}
    assert changed == {"3.2": "ASC", "3.3": "CCG", "3.4": "SomFT"}
    asked = {line.partition(":")[0]: line for line in report.to_confirm}
    assert sorted(asked) == ["1.1", "5.1", "7.1"]
    assert "Safelives" in asked["1.1"]
    assert "Police, CCG, SomFT, ASC" in asked["5.1"]
    assert "All agencies" in asked["7.1"]


# -- a coordinator sets it; the history replays it; re-imports keep it ------------------------


def _services(db: Database) -> Services:
    settings = Settings(database_url=db.url, dhr_coordinators=("U0COORD",))
    return Services(db, settings, FrozenClock(NOW))


def _replayed(db: Database, ref: str) -> tuple[str, str]:
    """Return (current delivering agency, the one the update history gives)."""
    with db.uow() as session:
        action = session.scalars(select(Action).where(Action.ref == ref)).one()
        replay = action.lead_agency_id
        for update in session.scalars(
            select(Update).where(Update.action_id == action.id).order_by(Update.id)
        ):
            if update.delivering_after is not None:
                replay = update.delivering_after
        by_id = {a.id: a.code for a in session.scalars(select(Agency))}
        return action.delivering_agency.code, by_id[replay]


def test_a_coordinator_sets_it_as_an_update_and_a_reimport_keeps_it(db: Database) -> None:
    _import(db, LILY / "lily.yaml")
    services = _services(db)

    view = services.actions.set_delivering("U0COORD", "lily:7.1", "Police")

    assert (view.delivering, view.agency) == ("Police", "SSP")
    assert _replayed(db, "7.1") == ("Police", "Police")
    assert _replayed(db, "3.3") == ("CCG", "CCG")
    report, delivering = _import(db, LILY / "lily.yaml")
    assert delivering["7.1"] == "Police"
    assert "7.1" not in {line.partition(":")[0] for line in report.to_confirm}


@pytest.mark.parametrize(
    ("user", "code", "error", "message"),
    [
        ("U0SSPLEAD", "Police", PermissionDenied, "Only coordinators"),
        ("U0CCGLEAD", "CCG", PermissionDenied, "Only coordinators"),
        ("U0COORD", "NOPE`*<!here>", NotFound, "There is no agency `NOPEhere`"),
        ("U0COORD", "CCG", UserFacingError, "already delivered by CCG"),
    ],
)
def test_a_refused_or_bad_change_stores_nothing(
    db: Database, user: str, code: str, error: type[Exception], message: str
) -> None:
    _import(db, LILY / "lily.yaml")
    with db.uow() as session:
        before = session.scalar(select(func.count()).select_from(Update))

    with pytest.raises(error, match=re.escape(message)):
        _services(db).actions.set_delivering(user, "lily:3.3", code)

    with db.uow() as session:
        assert session.scalar(select(func.count()).select_from(Update)) == before
    assert _replayed(db, "3.3") == ("CCG", "CCG")


def test_a_reimport_reads_a_changed_text_again(db: Database, tmp_path: Path) -> None:
    path = _write_yaml(tmp_path)
    _import(db, path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["recommendations"][0]["actions"][0]["text"] = "ASC to promote best practice."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    report, delivering = _import(db, path)

    assert delivering["1.1"] == "ASC"
    assert "1.1: delivered by ASC" in report.changed
    assert _replayed(db, "1.1") == ("ASC", "ASC")
