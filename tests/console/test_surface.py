"""App Home, file uploads in forms, files the bot sends, and the signed path into Bolt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select

from bot.config import Settings
from devkit.console.session import open_session
from helpers import NOW, FrozenClock
from storage.db import Database
from storage.models import Evidence

Run = Callable[..., str]


def test_home_renders_the_published_view_with_pressable_buttons(run: Run) -> None:
    out = run(["as U0SSPOFFICER", "home", "press 1"])
    home = out[out.index("> home") : out.index("> press 1")]
    assert "App Home" in home
    assert "Your actions (2" in home
    assert "Your agency's actions" in home
    assert "The plan at a glance" in home
    assert "Form · Update" in out[out.index("> press 1") :]  # opened from Home (a view)


def test_a_file_answer_is_uploaded_and_stored_as_evidence(
    run: Run, db: Database, tmp_path: Path
) -> None:
    minutes = tmp_path / "board-minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    out = run(["as U0SSPOFFICER", "/dhr update 1.1", "2", "Started", "", "", "", "", str(minutes)])
    assert "Saved your update to lily:1.1: In progress" in out
    with db.uow() as session:
        (evidence,) = session.scalars(select(Evidence))
        assert (evidence.kind, evidence.file_name) == ("file", "board-minutes.pdf")
        assert evidence.file_id and evidence.file_id.startswith("F")
        assert evidence.url and evidence.file_id in evidence.url


def test_posted_summary_saves_its_chart_and_export_saves_the_sheet(
    run: Run, tmp_path: Path
) -> None:
    out = run(["summary", "press 1", "/dhr export"])
    assert "Preview — only you can see this." in out
    assert "DHR · #dhr-board" in out
    chart = tmp_path / "console-files" / "lily-status-2026-11-26.png"
    sheet = tmp_path / "console-files" / "lily-action-plan.xlsx"
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert sheet.read_bytes().startswith(b"PK")
    assert f"saved as {chart.as_posix()}" in out
    assert "DHR · direct message to @U0COORD" in out


def test_requests_go_through_bolts_signature_check(db: Database) -> None:
    console = Console(file=None, quiet=True)
    with open_session(
        Settings(database_url=db.url), db=db, clock=FrozenClock(NOW), console=console
    ) as session:
        calls = session.driver.command("U0SSPOFFICER", "mine")
        assert [c.method for c in calls if c.method == "response_url"] == ["response_url"]
        session.driver.secret = "not-the-apps-secret"
        with pytest.raises(RuntimeError, match="refused the console's signature"):
            session.driver.command("U0SSPOFFICER", "mine")


def test_existing_coordinators_are_kept(db: Database) -> None:
    console = Console(quiet=True)
    settings = Settings(database_url=db.url, dhr_coordinators=("U0BOSS",))
    with open_session(settings, db=db, clock=FrozenClock(NOW), console=console) as session:
        assert session.user == "U0BOSS"
        assert session.settings.dhr_coordinators == ("U0BOSS",)
        assert session.settings.slack_api_url == session.slack.url


def test_a_file_attached_in_the_console_is_kept_and_packed_after_slack_loses_it(
    run: Run, db: Database, tmp_path: Path
) -> None:
    import hashlib
    import zipfile

    minutes = tmp_path / "board-minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes of the board")
    out = run(
        ["as U0SSPOFFICER", "/dhr update 1.1", "2", "Started", "", "", "", "", str(minutes),
         "as U0COORD", "/dhr pack lily"]
    )  # fmt: skip
    assert "evidence pack (lily) is in your DMs" in " ".join(out.split())
    with db.uow() as session:
        (evidence,) = session.scalars(select(Evidence))
        assert evidence.copy_state == "copied"
        assert evidence.sha256 == hashlib.sha256(minutes.read_bytes()).hexdigest()
    [pack] = (tmp_path / "console-files").glob("lily-evidence-pack-*.zip")
    with zipfile.ZipFile(pack) as archive:
        [kept] = [n for n in archive.namelist() if n.endswith("board-minutes.pdf")]
        assert archive.read(kept) == minutes.read_bytes()
