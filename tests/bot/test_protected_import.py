"""Plan import is screened like any other text: protected names and identifiers refused,
naming file, row and column, with nothing imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.plans.document import PlanError
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from helpers import NOW
from storage.models import ProtectedName, Review
from storage.repositories import access

PLAN = """\
review:
  slug: rose
  title: Review Rose
  protected_names:
    - name: Jane Doe
      pseudonym: Rose
agencies:
  - code: HOUSING
    name: Tenancy Homes
recommendations:
  - number: 1
    text: Ask tenants about abuse.
    actions:
      - ref: "1.1"
        text: {text}
        lead: HOUSING
        outcome: {outcome}
"""


def _write(tmp_path: Path, text: str = "Train staff", outcome: str = "Staff trained") -> Path:
    path = tmp_path / "rose.yaml"
    path.write_text(PLAN.format(text=text, outcome=outcome), encoding="utf-8")
    return path


def _reviews(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Review)) or 0)


def test_a_plan_declares_protected_names_and_they_are_stored(
    tmp_path: Path, session: Session
) -> None:
    import_plan(parse_plan(_write(tmp_path)).document, session=session, now=NOW, today=NOW.date())
    stored = session.scalars(select(ProtectedName)).all()
    assert [(n.name, n.pseudonym) for n in stored] == [("Jane Doe", "Rose")]


@pytest.mark.parametrize(
    ("text", "outcome", "kind", "column"),
    [
        (
            "Visit Jane Doe's mother",
            "Done",
            "a protected name",
            "recommendations[0].actions[0].text",
        ),
        ("Train staff", "NHS no 943 476 5919 checked", "an NHS number", "outcome"),
        ("Train staff", "Ring 07700 900123", "a phone number", "outcome"),
    ],
)
def test_a_yaml_plan_with_identifying_text_is_refused_naming_where(
    tmp_path: Path, session: Session, text: str, outcome: str, kind: str, column: str
) -> None:
    with pytest.raises(PlanError) as raised:
        parse_plan(_write(tmp_path, text, outcome))
    error = raised.value
    assert kind in error.message and "Jane" not in str(error)
    assert error.file.endswith("rose.yaml") and error.row is not None
    assert error.column is not None and error.column.endswith(column.split(".")[-1])
    assert _reviews(session) == 0


def test_a_table_plan_with_an_identifier_is_refused_naming_row_and_column(
    tmp_path: Path, session: Session
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Recommendation,Action,Lead Agency,Target Date\n"
        '"1. Review the MARAC","Train staff","Police","March 2026"\n'
        '"2. Keep in touch","Call 07700 900123 weekly","Police","March 2026"\n',
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as raised:
        parse_plan(path)
    assert raised.value.row == 3 and raised.value.column == "Action"
    assert "a phone number" in raised.value.message
    assert _reviews(session) == 0


def test_a_re_import_naming_a_name_a_coordinator_protected_is_refused(
    tmp_path: Path, session: Session
) -> None:
    import_plan(parse_plan(_write(tmp_path)).document, session=session, now=NOW, today=NOW.date())
    review = session.scalars(select(Review)).one()
    access.add_protected_name(
        review.id, "Sam Smith", "Brother", added_by="U0COORD", now=NOW, session=session
    )
    session.flush()
    plan = parse_plan(_write(tmp_path, "Talk to Sam Smith again")).document
    with pytest.raises(PlanError) as raised:
        import_plan(plan, session=session, now=NOW, today=NOW.date())
    assert "a protected name" in raised.value.message and "Brother" in raised.value.message
    assert "Sam" not in raised.value.message
    assert raised.value.column == "recommendations[0].actions[0].text"
