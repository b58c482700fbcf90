"""`dhr-bot plan` reads on a narrow terminal and in a pipe (80 columns), not one letter a line."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from sqlalchemy.orm import Session

from bot.cli.plans import print_plan
from bot.plans.export import plan_rows
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from helpers import LONDON, NOW

LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"


def _printed(session: Session, width: int) -> str:
    import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
    console = Console(width=width, record=True, force_terminal=False)
    print_plan(plan_rows("lily", session=session, now=NOW, tz=LONDON), "lily", console)
    return console.export_text()


def test_at_80_columns_the_action_reads_in_lines_of_words(session: Session) -> None:
    text = _printed(session, 80)
    assert "Safelives to complete the review" in text
    assert "Target" not in text.splitlines()[2]  # the due date says when
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_wide_terminal_also_shows_the_target_words(session: Session) -> None:
    text = _printed(session, 140)
    assert "Target" in text and "Autumn 2022" in text
