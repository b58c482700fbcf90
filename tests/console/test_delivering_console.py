"""Tried as a new user would: the CCG and SomFT leads find and update their Lily actions."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from helpers import NOW
from storage.db import Database
from storage.models import Action, Update

SCRIPT = """\
as U0CCGLEAD
/dhr mine
press 1
In progress
GP briefing on trauma informed practice booked for January.





as U0SOMFTLEAD
/dhr mine
press 1
In progress
Training module under review.





summary
"""


def test_ccg_and_somft_leads_list_and_update_their_actions_and_the_summary_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'console.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    script = tmp_path / "delivering.txt"
    script.write_text(SCRIPT, encoding="utf-8")

    with time_machine.travel(NOW, tick=True):
        result = CliRunner().invoke(app, ["console", "--script", str(script)])

    assert result.exit_code == 0, result.output
    out = result.output
    somft_starts = out.index("> as U0SOMFTLEAD")
    ccg, somft = out[:somft_starts], out[somft_starts : out.index("> summary")]
    ccg_mine = ccg[ccg.index("> /dhr mine") : ccg.index("> press 1")]
    assert "lily:3.3 CCG to promote best practice" in ccg_mine
    assert "lily:3.4" not in ccg_mine
    assert "Saved your update to lily:3.3: In progress" in ccg
    somft_mine = somft[somft.index("> /dhr mine") : somft.index("> press 1")]
    assert "lily:3.4 SomFT to review its DA training module" in somft_mine
    assert "lily:3.3" not in somft_mine
    assert "Saved your update to lily:3.4: In progress" in somft
    by_agency = out[out.rindex("By agency") :]
    for code in ("ASC", "CCG", "SomFT", "SSP"):
        assert f"{code}: " in by_agency, code

    db = Database(url)
    try:
        with db.uow() as session:
            saved = {
                (action.ref, update.user_id)
                for update, action in session.execute(
                    select(Update, Action)
                    .join(Action, Action.id == Update.action_id)
                    .where(Update.source == "modal")
                )
            }
        assert saved == {("3.3", "U0CCGLEAD"), ("3.4", "U0SOMFTLEAD")}
    finally:
        db.dispose()
