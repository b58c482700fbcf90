"""Bad input gets a clear message and the prompt back; a cancelled form stores nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import func, select

from storage.db import Database
from storage.models import Evidence, Update

Run = Callable[..., str]

OPEN_FORM = ["as U0SSPOFFICER", "/dhr update 1.1"]


def _stored(db: Database) -> tuple[int, int]:
    with db.uow() as session:
        updates = session.scalar(
            select(func.count()).select_from(Update).where(Update.source != "import")
        )
        evidence = session.scalar(select(func.count()).select_from(Evidence))
    return int(updates or 0), int(evidence or 0)


class _Interrupted:
    """Script lines where the marker stands for the user pressing Ctrl-C."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = iter(lines)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if line == "<Ctrl-C>":
            raise KeyboardInterrupt
        return line


def test_unknown_commands_get_a_message_and_the_session_goes_on(run: Run) -> None:
    out = run(["frobnicate now", "/deploy", "help", "/dhr mine"])
    assert "Unknown command “frobnicate”. Type `help` for console commands" in out
    assert "Only /dhr is installed in this console, not /deploy." in out
    assert "press N       press button N of the last message or view" in out
    assert "You have no actions." in out  # the coordinator owns none; /dhr still ran


def test_unknown_dhr_subcommand_is_answered_by_the_bot(run: Run) -> None:
    out = run(["/dhr mnie"])
    assert "I don't know /dhr mnie. Did you mean /dhr mine?" in out


def test_pressing_a_button_that_does_not_exist(run: Run) -> None:
    out = run(["press 1", "as U0SSPOFFICER", "/dhr mine", "press 99", "press two", "press 2"])
    assert "There is no button 1 (the last message or view has no buttons yet)." in out
    assert "There is no button 99 (the last message or view has buttons 1–2)." in out
    assert "Usage: press N" in out
    assert "Form · Update 8.1" in out  # press 2 still works afterwards


def test_switching_to_someone_unknown(run: Run) -> None:
    out = run(["as bob", "as <@u0nobody>", "/dhr mine", "as U0SSPLEAD", "/dhr mine"])
    assert "“bob” is not a Slack user ID, like U0SSPOFFICER. Type `who`." in out
    assert "You are now @U0NOBODY, who is in no agency: the bot will say so." in out
    assert "not registered" in out.lower()
    assert "You are now @U0SSPLEAD (lead of SSP)." in out


def test_answers_slack_would_not_accept_are_asked_again(run: Run, db: Database) -> None:
    out = run(
        [
            *OPEN_FORM,
            "7",  # no such option
            "Done",  # neither an option label nor a number
            "In progress",
            "Started the review",
            "20/11/2026",  # the date picker only gives YYYY-MM-DD
            "2026-12-31",
            "",
            "",  # impact
            "",
            "no-such-file.pdf",
            "",
        ]
    )
    assert out.count("Choose one of the options by number (1–5).") == 2
    assert "Give a date as YYYY-MM-DD, e.g. 2026-11-20." in out
    assert "No such file: no-such-file.pdf" in out
    assert "Saved your update to lily:1.1: In progress, due Thu 31 Dec 2026." in out
    assert _stored(db) == (1, 0)


def test_app_field_errors_are_shown_and_only_those_fields_asked_again(
    run: Run, db: Database
) -> None:
    out = run(
        [
            *OPEN_FORM,
            "5",
            "",  # Complete with no outcome note and no evidence
            "2027-01-01",  # in the future
            "",
            "",  # impact
            "",
            "",
            "The review was delivered.",
            "2026-11-20",
        ]
    )
    assert "The form was not saved: correct the fields marked ✗." in out
    assert "✗ The completion date can't be in the future." in out
    assert "✗ To mark it complete, add an outcome note or some evidence." in out
    assert out.count("Status * [") == 1  # not asked again
    assert out.count("Evidence links:") == 1
    assert "Date [2027-01-01]: 2026-11-20" in out
    assert "Saved your update to lily:1.1: Complete, completed Fri 20 Nov 2026." in out
    assert _stored(db) == (1, 0)


def test_ctrl_c_in_a_form_cancels_and_gives_the_prompt_back(run: Run, db: Database) -> None:
    out = run(_Interrupted([*OPEN_FORM, "5", "All done", "<Ctrl-C>", "/dhr show 1.1"]))
    cancelled = out.index("Form cancelled — nothing saved.")
    assert "> /dhr show 1.1" in out[cancelled:]
    assert "Not started · overdue" in out[cancelled:]
    assert _stored(db) == (0, 0)


def test_ctrl_c_at_the_prompt_is_ignored(run: Run) -> None:
    out = run(_Interrupted(["<Ctrl-C>", "who"]))
    assert "* U0COORD          coordinator" in out
    assert "Form cancelled" not in out


def test_end_of_input_in_a_form_cancels(run: Run, db: Database) -> None:
    out = run([*OPEN_FORM, "5", "All done"])
    assert out.rstrip().endswith("Form cancelled — nothing saved.")
    assert _stored(db) == (0, 0)
