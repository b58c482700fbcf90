"""A plan value longer than its database column is refused by name, on every database."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app as cli
from storage.db import Database
from storage.models import Action, Agency, Review

PLAN: dict[str, Any] = {
    "review": {"slug": "rose", "title": "Review Rose", "partnership": "Safer Town"},
    "agencies": [
        {"code": "SSP", "name": "Safer Town Partnership", "leads": ["U0LEAD"], "members": ["U0M"]}
    ],
    "recommendations": [
        {
            "number": 1,
            "theme": "MARAC",
            "text": "Review the MARAC.",
            "scope": "Local",
            "ownership": ["SSP"],
            "actions": [
                {
                    "ref": "1.1",
                    "text": "Review it.",
                    "lead": "SSP",
                    "target": "Autumn 2027",
                    "owner": "U0OWNER",
                }
            ],
        }
    ],
}

# (path of the key, its column's limit, a value one character too long)
TOO_LONG = [
    (("review", "title"), "review.title", "T" * 301),
    (("review", "partnership"), "review.partnership", "P" * 301),
    (("agencies", 0, "name"), "agencies[0].name", "N" * 301),
    (("agencies", 0, "leads", 0), "agencies[0].leads[0]", "U" + "A" * 32),
    (("agencies", 0, "members", 0), "agencies[0].members[0]", "U" + "B" * 32),
    (("recommendations", 0, "theme"), "recommendations[0].theme", "H" * 101),
    (("recommendations", 0, "scope"), "recommendations[0].scope", "S" * 41),
    (("recommendations", 0, "ownership", 0), "recommendations[0].ownership[0]", "O" * 33),
    (("recommendations", 0, "actions", 0, "ref"), "actions[0].ref", "1." + "1" * 15),
    (("recommendations", 0, "actions", 0, "lead"), "actions[0].lead", "L" * 33),
    (("recommendations", 0, "actions", 0, "target"), "actions[0].target", "x" * 201),
    (("recommendations", 0, "actions", 0, "owner"), "actions[0].owner", "U" + "C" * 32),
]


def _with(path: tuple[str | int, ...], value: str) -> dict[str, Any]:
    plan = copy.deepcopy(PLAN)
    node: Any = plan
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return plan


def _counts(db: Database) -> tuple[int, int, int]:
    with db.uow() as session:
        return (
            session.scalar(select(func.count(Review.id))) or 0,
            session.scalar(select(func.count(Agency.id))) or 0,
            session.scalar(select(func.count(Action.id))) or 0,
        )


def _import(db: Database, monkeypatch: pytest.MonkeyPatch, path: Path) -> Any:
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("COLUMNS", "400")
    return CliRunner().invoke(cli, ["import", str(path), "--review", "rose"])


def test_the_plan_within_every_limit_imports(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "rose.yaml"
    path.write_text(yaml.safe_dump(PLAN))
    result = _import(db, monkeypatch, path)
    assert result.exit_code == 0, result.output
    assert _counts(db) == (1, 1, 1)


@pytest.mark.parametrize(("path", "column", "value"), TOO_LONG, ids=[c for _, c, _ in TOO_LONG])
def test_a_yaml_value_longer_than_its_column_is_refused_naming_file_row_and_key(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    path: tuple[str | int, ...],
    column: str,
    value: str,
) -> None:
    file = tmp_path / "rose.yaml"
    file.write_text(yaml.safe_dump(_with(path, value)))
    result = _import(db, monkeypatch, file)
    assert result.exit_code != 0
    assert "rose.yaml" in result.output and ", row " in result.output
    assert column in result.output, result.output
    assert "Traceback" not in result.output and "psycopg" not in result.output
    assert _counts(db) == (0, 0, 0)


CSV_HEADER = "Recommendation,Theme,Scope,Ref,Action,Lead agency,Target date,Owner\n"


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"Theme": "H" * 101}, "Theme"),
        ({"Scope": "S" * 41}, "Scope"),
        ({"Target date": "x" * 201}, "Target date"),
        ({"Ref": "1." + "1" * 15}, "Ref"),
    ],
)
def test_a_csv_cell_longer_than_its_column_is_refused_naming_row_and_column(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cells: dict[str, str],
    column: str,
) -> None:
    row = {
        "Recommendation": "Review the MARAC.",
        "Theme": "MARAC",
        "Scope": "Local",
        "Ref": "1.1",
        "Action": "Review it.",
        "Lead agency": "SSP",
        "Target date": "Autumn 2027",
        "Owner": "",
    } | cells
    file = tmp_path / "rose.csv"
    file.write_text(CSV_HEADER + ",".join(row.values()) + "\n")
    result = _import(db, monkeypatch, file)
    assert result.exit_code != 0
    assert "rose.csv" in result.output and "row 2" in result.output, result.output
    assert column in result.output, result.output
    assert _counts(db) == (0, 0, 0)
