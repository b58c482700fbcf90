"""Workers never migrate, and several worker processes are refused on the embedded SQLite."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from storage.db import Database, SchemaBehind


@pytest.fixture
def slack_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    path = tmp_path / "fresh.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    return path


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        return {name for (name,) in rows}


def test_serve_refuses_several_workers_on_sqlite_and_says_why(slack_settings: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", "3"])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "SQLite" in output and "PostgreSQL" in output
    assert "--allow-sqlite-workers" in output
    assert not slack_settings.exists() or not _tables(slack_settings)


def test_serve_refuses_a_schema_that_is_behind_instead_of_migrating(slack_settings: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", "1"])
    assert result.exit_code == 1
    assert "dhr-bot db upgrade" in " ".join(result.output.split())
    assert "action" not in _tables(slack_settings)


def test_clock_refuses_a_schema_that_is_behind(slack_settings: Path) -> None:
    result = CliRunner().invoke(cli, ["clock", "--once"])
    assert result.exit_code == 1
    assert "dhr-bot db upgrade" in " ".join(result.output.split())
    assert "action" not in _tables(slack_settings)


def test_the_web_worker_refuses_a_schema_that_is_behind(slack_settings: Path) -> None:
    from bot.web import production_app

    with pytest.raises(SchemaBehind):
        production_app()
    assert "action" not in _tables(slack_settings)


def test_db_upgrade_then_the_workers_start(slack_settings: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    db = Database(f"sqlite:///{slack_settings}")
    try:
        db.require_current()
    finally:
        db.dispose()
    from bot.web import production_app

    try:
        assert callable(production_app())
        # What start-up built is kept out of the collector's full passes (bot.web.settle_heap).
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
