"""A plan file's decisions are imported once, and exported with the recommendation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.plans.export import plan_rows, write_csv
from bot.plans.export_md import write_markdown
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from helpers import LONDON, NOW
from storage.models import RecommendationDecision

LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"


def _lily_with_decision(tmp_path: Path) -> Path:
    text = LILY.read_text(encoding="utf-8").replace(
        "  - number: 1\n",
        "  - number: 1\n    decision: partly agreed\n    rationale: Training only, for now.\n",
        1,
    )
    path = tmp_path / "lily.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_decision_in_the_plan_file_is_recorded_once_and_exported(
    session: Session, tmp_path: Path
) -> None:
    plan = parse_plan(_lily_with_decision(tmp_path)).document
    assert plan.recommendations[0].decision == "partly_agreed"
    import_plan(plan, session=session, now=NOW, today=NOW.date())
    import_plan(plan, session=session, now=NOW, today=NOW.date())
    rows = session.scalars(select(RecommendationDecision)).all()
    assert [(r.decision, r.rationale, r.source) for r in rows] == [
        ("partly_agreed", "Training only, for now.", "import")
    ]
    exported = plan_rows("lily", session=session, now=NOW, tz=LONDON)
    out = io.StringIO()
    write_csv(exported, out)
    cells = {r["ref"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert cells["1.1"]["recommendation_decision"] == "partly_agreed"
    assert cells["2.1"]["recommendation_decision"] == ""
    assert cells["7.1"]["signed_off_by"] == "plan"
    markdown = io.StringIO()
    write_markdown(exported, "lily", markdown)
    assert "Decision: Partly agreed — Training only, for now." in markdown.getvalue()
    assert "signed off by the plan" in markdown.getvalue()
