"""A quiet terminal: a command prints what was asked for, library INFO logs only with -v."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import COMMANDS
from bot.cli import app as cli

LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
CHATTER = ("Context impl", "Will assume", " INFO ", " DEBUG ")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def _chatter(output: str) -> list[str]:
    return [line for line in output.splitlines() if any(word in line for word in CHATTER)]


def test_commands_on_a_fresh_embedded_database_print_only_their_answer() -> None:
    runner = CliRunner()
    upgraded = runner.invoke(cli, ["db", "upgrade"])
    imported = runner.invoke(cli, ["import", str(LILY)])
    shown = runner.invoke(cli, ["plan", "--review", "lily"])
    for result in (upgraded, imported, shown):
        assert result.exit_code == 0, result.output
        assert _chatter(result.output) == []
    assert "up to date" in upgraded.output
    assert "Action plan — lily" in shown.output


def test_a_fresh_embedded_database_is_migrated_without_a_word() -> None:
    # The first command on a new ./dhr.sqlite3 migrates it: Alembic's INFO lines stay out.
    result = CliRunner().invoke(cli, ["import", str(LILY)])
    assert result.exit_code == 0, result.output
    assert (Path.cwd() / "dhr.sqlite3").is_file()
    assert _chatter(result.output) == []


def test_verbose_lets_library_info_lines_through() -> None:
    # The same first command with -v: the lines the quiet run hides do reach the terminal.
    result = CliRunner().invoke(cli, ["-v", "import", str(LILY)])
    assert result.exit_code == 0, result.output
    assert any("Context impl" in line for line in _chatter(result.output))


def test_the_logging_setup_is_undone_when_the_command_ends() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    result = CliRunner().invoke(cli, ["-vv", "plan"])
    assert result.exit_code != 0  # no plan yet; the setup is undone on failure too
    assert root.handlers == handlers and root.level == level


def test_the_help_listing_matches_each_commands_own_help() -> None:
    # The listing comes from a table so that --help imports no command module.
    for name, (_module, line) in COMMANDS.items():
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert " ".join(line.split()) in " ".join(result.output.split()), name
