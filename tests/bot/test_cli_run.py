"""The README's run command: the console without Slack tokens, Slack with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli


def test_run_without_tokens_starts_the_console_on_the_embedded_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(cli, ["run"], input="as U0SSPOFFICER\n/dhr mine\nquit\n")
    assert result.exit_code == 0, result.output
    assert "starting the console" in result.output
    assert "lily:1.1" in result.output and "Your actions — 2 actions" in result.output
    assert (tmp_path / "dhr.sqlite3").is_file()  # the embedded default, in the working dir


def test_serve_names_the_missing_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    result = CliRunner().invoke(cli, ["run"])
    assert result.exit_code == 1
    assert "SLACK_SIGNING_SECRET" in result.output
