"""32 people saving at once: the history still explains every action, nobody goes unanswered."""

from __future__ import annotations

import logging

import pytest
from stress import add_writers, check, plan, run

from harness import Bot

WRITERS = 32
ONE = ["1.1"]
MANY = ["1.1", "1.2", "2.1", "3.1", "4.1", "5.1", "6.1", "7.1", "8.1", "1.3", "2.2", "3.2"]


@pytest.mark.parametrize("refs", [ONE, MANY], ids=["one-action", "many-actions"])
def test_concurrent_writers_keep_the_history_true_and_everyone_told(
    bot: Bot, refs: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    writers = plan(add_writers(bot, WRITERS), refs)
    run(bot, writers)
    outcome = check(bot, writers)
    # Shown with -s: the figures of the closing note of issue 9.
    print(
        f"\n{refs[0]}…: accepted {dict(outcome.accepted)}, stale {outcome.stale}, "
        f"violations {len(outcome.violations)}"
    )
    assert outcome.violations == []
    assert sum(outcome.accepted.values()) + outcome.stale == WRITERS
    # Evidence and assignment never go stale; on one action only one form or proposal of
    # those opened at the same version can win.
    assert outcome.accepted["evidence"] == WRITERS // 4
    assert outcome.accepted["assign"] == WRITERS // 4
    if refs == ONE:
        assert outcome.accepted["form"] + outcome.accepted["proposal"] <= 1
        assert outcome.stale >= WRITERS // 2 - 1
    # Logs name ids, never what was typed.
    assert not [r for r in caplog.records if "w00" in r.getMessage()]
