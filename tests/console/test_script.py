"""The issue's "done means": a scripted session lists, completes through the form, summarises."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from helpers import NOW
from storage.db import Database
from storage.models import Action, Evidence, Update

LINK = "https://example.org/lily/marac-review.pdf"
NOTE = "Safelives review delivered; new MARAC procedures agreed."
IMPACT = "Referrals to MARAC now reviewed within 5 days; the Q4 audit shows it."
SCRIPT = f"""\
as U0SSPOFFICER
/dhr mine
press 1
Complete
{NOTE}
2026-11-20

{IMPACT}
{LINK}

summary
"""


def _modal_updates(db: Database, ref: str) -> list[Update]:
    with db.uow() as session:
        action = session.scalars(select(Action).where(Action.ref == ref)).one()
        return list(
            session.scalars(
                select(Update).where(Update.action_id == action.id, Update.source == "modal")
            )
        )


def test_script_lists_completes_through_the_form_and_summarises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'console.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    script = tmp_path / "demo.txt"
    script.write_text(SCRIPT, encoding="utf-8")

    with time_machine.travel(NOW, tick=True):
        result = CliRunner().invoke(app, ["console", "--script", str(script)])

    assert result.exit_code == 0, result.output
    out = result.output
    assert "Loaded the Lily action plan (18 actions)" in out
    mine = out[out.index("> /dhr mine") : out.index("> press 1")]
    assert "Your actions — 2 actions, 1 overdue" in mine
    assert "lily:1.1 Safelives to complete the review" in mine
    assert "[1 Update]" in mine and "[2 Update]" in mine
    form = out[out.index("> press 1") : out.index("> summary")]
    assert "Form · Update 1.1" in form
    assert "Status * [Not started]: Complete" in form
    assert f"Evidence links: {LINK}" in form
    assert "Saved your update to lily:1.1: Complete, completed Fri 20 Nov 2026." in form
    summary = out[out.index("> summary") :]
    assert "Completed this week (1)" in summary
    assert "lily:1.1 Safelives" in summary
    assert "completed on" in summary and "20 Nov 2026 by @U0SSPOFFICER" in summary

    db = Database(url)
    try:
        (update,) = _modal_updates(db, "1.1")
        assert (update.user_id, update.status_before, update.status_after) == (
            "U0SSPOFFICER",
            "not_started",
            "complete",
        )
        assert update.completed_on is not None and update.completed_on.isoformat() == "2026-11-20"
        assert update.note == NOTE
        assert update.impact == IMPACT
        with db.uow() as session:
            evidence = session.scalars(select(Evidence).where(Evidence.update_id == update.id))
            assert [(e.kind, e.url) for e in evidence] == [("link", LINK)]
    finally:
        db.dispose()


def test_standard_input_runs_as_a_script_and_reuses_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'console.sqlite3'}")
    with time_machine.travel(NOW, tick=True):
        first = CliRunner().invoke(app, ["console", "--as", "U0POLICELEAD"], input="/dhr mine\n")
        second = CliRunner().invoke(app, ["console"], input="who\nquit\n/dhr mine\n")

    assert first.exit_code == 0, first.output
    assert "You are @U0POLICELEAD (lead of Police)" in first.output
    assert "> /dhr mine" in first.output and "Your actions" in first.output
    assert second.exit_code == 0, second.output
    assert "Loaded the Lily action plan" not in second.output
    assert "You are @U0COORD (coordinator)" in second.output
    assert "U0SSPOFFICER     member of SSP" in second.output
    assert "Your actions" not in second.output  # nothing runs after quit


def test_bad_arguments_fail_clearly(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["console", "--script", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1
    bad_user = CliRunner().invoke(app, ["console", "--as", "bob"], input="")
    assert bad_user.exit_code == 1
