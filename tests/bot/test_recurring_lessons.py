"""Importing a plan reports lessons made before in earlier reviews, and maps its themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.plans.document import PlanError
from bot.plans.parse import parse_plan
from storage.db import Database
from storage.models import Recommendation, Review

ROOT = Path(__file__).resolve().parents[2]
LILY = ROOT / "bot" / "data" / "lily.yaml"
ROSE = ROOT / "tests" / "data" / "plans" / "sar_rose.yaml"


def test_a_second_plan_repeating_a_lily_lesson_is_reported(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db.url)
    runner = CliRunner()
    first = runner.invoke(cli, ["import", str(LILY)])
    assert first.exit_code == 0, first.output
    assert "made before" not in first.output
    second = runner.invoke(cli, ["import", str(ROSE)])
    assert second.exit_code == 0, second.output
    text = " ".join(second.output.split())
    assert "recommendation 1: this lesson was made before in review lily" in text
    assert "action 1.1, not started" in text
    assert "recommendation 2:" not in text  # housing was never a Lily lesson
    with db.uow() as session:
        rose = session.scalars(select(Review).where(Review.slug == "rose")).one()
        lily = session.scalars(select(Review).where(Review.slug == "lily")).one()
        assert (rose.type, lily.type) == ("SAR", "DHR")
        themes = {
            (r.theme, r.controlled_theme)
            for r in session.scalars(
                select(Recommendation).where(Recommendation.review_id == rose.id)
            )
        }
    assert themes == {
        ("Multi-agency risk assessment conference", "MARAC"),
        ("Housing", "Housing"),
    }


def test_an_unknown_review_type_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(ROSE.read_text().replace("type: sar", "type: inquest"))
    with pytest.raises(PlanError, match="inquest"):
        parse_plan(bad)
