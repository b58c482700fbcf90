"""Plain-language updates: what each sentence is understood to mean, and when it is refused."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.language import (
    Confidence,
    Field,
    ProposedUpdate,
    Reading,
    explanation_lines,
    parse_update,
)
from bot.messages.proposal import describe
from bot.status import Status

TODAY = date(2026, 11, 26)  # a Thursday
FRIDAY = date(2026, 11, 27)

C = Status.COMPLETE
P = Status.IN_PROGRESS
R = Status.AT_RISK
B = Status.BLOCKED
N = Status.NOT_STARTED


@dataclass(frozen=True)
class Case:
    text: str
    status: Status | None
    completed_on: date | None = None
    new_due_date: date | None = None
    links: tuple[str, ...] = ()
    today: date = TODAY


UNDERSTOOD = [
    # The README's example: the most recent past 3 March, and the evidence link.
    Case("done on 3 March, slides at https://example.org/slides.pdf", C, date(2026, 3, 3),
         links=("https://example.org/slides.pdf",)),
    # Each status word, whole-word and case-insensitive; complete without a date is today.
    Case("Done", C, TODAY),
    Case("Completed the training", C, TODAY),
    Case("the audit is complete", C, TODAY),
    Case("Delivered to all GP practices", C, TODAY),
    Case("finished", C, TODAY),
    Case("IMPLEMENTED across both hospitals", C, TODAY),
    Case("started the review", P),
    Case("work is underway", P),
    Case("work is under way", P),
    Case("on track", P),
    Case("In Progress", P),
    Case("delayed", R),
    Case("slipping a little", R),
    Case("behind schedule", R),
    Case("at risk because of staffing", R),
    Case("blocked", B),
    Case("stuck on the data-sharing agreement", B),
    Case("waiting on the police lead", B),
    Case("Waiting for legal sign-off", B),
    Case("not started", N),
    Case("hasn't started yet", N),
    Case("Not yet started, new target 12/04/2027", N, new_due_date=date(2027, 4, 12)),
    # No status word: a note-only update.
    Case("met the safeguarding lead to agree the protocol", None),
    Case("met the lead on Friday", None),
    # Completion dates in every form.
    Case("completed 3 March", C, date(2026, 3, 3)),
    Case("done on the 3rd of March 2026", C, date(2026, 3, 3)),
    Case("finished March 3rd", C, date(2026, 3, 3)),
    Case("finished Tuesday 3 March 2026", C, date(2026, 3, 3)),
    Case("delivered on 30/09", C, date(2026, 9, 30)),
    Case("delivered 30/09/2026", C, date(2026, 9, 30)),
    Case("delivered 30-09-2026", C, date(2026, 9, 30)),
    Case("done 12/04/2024", C, date(2024, 4, 12)),  # day first: 12 April
    Case("done 12/04/24", C, date(2024, 4, 12)),
    Case("done 2026-04-12", C, date(2026, 4, 12)),
    Case("done yesterday", C, date(2026, 11, 25)),
    Case("done today", C, TODAY),
    Case("completed last Friday", C, date(2026, 11, 20)),
    Case("completed on Monday", C, date(2026, 11, 23)),
    Case("completed on Thursday", C, TODAY),
    Case("finished two weeks ago", C, date(2026, 11, 12)),
    Case("done at the end of last month", C, date(2026, 10, 31)),
    Case("done by the end of September", C, date(2026, 9, 30)),
    # Year rollover: a day without a year is its most recent occurrence, today included.
    Case("done on 3 December", C, date(2025, 12, 3)),
    Case("done on 26 November", C, TODAY),
    Case("done on 27 November", C, date(2025, 11, 27)),
    Case("done on 29/02", C, date(2024, 2, 29)),
    # "last Friday" is strictly before today, even on a Friday.
    Case("completed last Friday", C, date(2026, 11, 20), today=FRIDAY),
    Case("completed on Friday", C, FRIDAY, today=FRIDAY),
    # New targets: the next occurrence, today included.
    Case("delayed until end of September", R, new_due_date=date(2027, 9, 30)),
    Case("in progress, by 30/09", P, new_due_date=date(2027, 9, 30)),
    Case("by 30/09", None, new_due_date=date(2027, 9, 30)),
    Case("new target 12/04/2027", None, new_due_date=date(2027, 4, 12)),
    Case("New target date: 3 February", None, new_due_date=date(2027, 2, 3)),
    Case("blocked, now due 26 November", B, new_due_date=TODAY),
    Case("slipping to 1 December", R, new_due_date=date(2026, 12, 1)),
    Case("on track for end of next month", P, new_due_date=date(2026, 12, 31)),
    Case("behind, aiming for the end of the month", R, new_due_date=date(2026, 11, 30)),
    Case("delayed until the end of the year", R, new_due_date=date(2026, 12, 31)),
    Case("at risk, until next Tuesday", R, new_due_date=date(2026, 12, 1)),
    Case("delayed until next Thursday", R, new_due_date=date(2026, 12, 3)),
    Case("underway, finishing in two weeks", P, new_due_date=date(2026, 12, 10)),
    Case("waiting on police, in 3 months", B, new_due_date=date(2027, 2, 26)),
    Case("delayed until 31 January 2027", R, new_due_date=date(2027, 1, 31)),
    # Dates that only tell the story are left in the note, not stored.
    Case("blocked, waiting on police since 3 March", B),
    Case("started on 3 March, by end of next month", P, new_due_date=date(2026, 12, 31)),
    Case("stuck since last Friday", B),
    Case("still blocked today", B),
    # Links: in order, trailing punctuation stripped, dates inside them ignored.
    Case("done, see https://example.org/2024/12/04/report.pdf.", C, TODAY,
         links=("https://example.org/2024/12/04/report.pdf",)),
    Case("done (https://a.example/x), and https://b.example/y?q=30/09!", C, TODAY,
         links=("https://a.example/x", "https://b.example/y?q=30/09")),
    Case("evidence: <https://wiki.example/a_(b)|the page>; also http://c.example/z,", None,
         links=("https://wiki.example/a_(b)", "http://c.example/z")),
    Case("on track https://example.org/2026/01/03/done-blocked", P,
         links=("https://example.org/2026/01/03/done-blocked",)),
]  # fmt: skip


@pytest.mark.parametrize("case", UNDERSTOOD, ids=lambda c: c.text)
def test_understood(case: Case) -> None:
    p = parse_update(case.text, today=case.today)
    assert p.problems == ()
    assert p.status is case.status
    assert p.completed_on == case.completed_on
    assert p.new_due_date == case.new_due_date
    assert p.links == case.links
    assert p.note == case.text.strip()


REFUSED = [
    ("done but blocked", "more than one status"),
    ("finished the draft, now waiting on sign-off", "more than one status"),
    ("not done", "not done"),
    ("not yet complete", "not yet complete"),
    ("no longer blocked", "no longer blocked"),
    ("will be delivered by 30/09", "will be delivered"),
    ("done on 31/02", "not a real date"),
    ("done on 30 February", "not a real date"),
    ("finished 09/30", "not a real date"),  # month-first is not how the partnership writes
    ("done tomorrow", "in the future"),
    ("completed 3 March 2027", "in the future"),
    ("done in two weeks", "in the future"),
    ("delayed until 12/04/2024", "in the past"),
    ("blocked, new target yesterday", "in the past"),
    ("delayed 30/09", "can't tell what “30/09” is for"),
    ("delayed until September", "has no day"),
    ("done on 3 March or 4 March", "more than one completion date"),
    ("delayed until 30/09, or maybe until 31/10", "more than one new due date"),
    ("delayed until 30/09, or maybe 31/10", "can't tell what “31/10” is for"),
    ("   ", "nothing to record"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED, ids=[t for t, _ in REFUSED])
def test_refused(text: str, reason: str) -> None:
    p = parse_update(text, today=TODAY)
    assert any(reason in problem for problem in p.problems), p.problems


def test_not_done_is_never_complete() -> None:
    for text in ("not done", "not yet complete", "isn't finished", "yet to be delivered"):
        p = parse_update(text, today=TODAY)
        assert p.status is not Status.COMPLETE
        assert p.completed_on is None
        assert p.problems


def test_negated_word_with_a_real_status_uses_the_real_one() -> None:
    p = parse_update("not done yet, waiting on the police", today=TODAY)
    assert (p.status, p.problems) == (Status.BLOCKED, ())


def test_refused_dates_are_not_proposed() -> None:
    future = parse_update("done tomorrow", today=TODAY)
    past = parse_update("delayed until 12/04/2024", today=TODAY)
    assert (future.status, future.completed_on) == (Status.COMPLETE, None)
    assert (past.status, past.new_due_date) == (Status.AT_RISK, None)


def test_today_is_injected_not_read_from_the_clock() -> None:
    p = parse_update("done on 3 December", today=date(2031, 1, 5))
    assert p.completed_on == date(2030, 12, 3)


def test_note_is_the_trimmed_text() -> None:
    assert parse_update("  done on 3 March \n", today=TODAY).note == "done on 3 March"


def test_describe_a_completion() -> None:
    p = parse_update("done on 3 March, slides at https://example.org/s.pdf", today=TODAY)
    text = describe(p)
    assert text.startswith("Mark *complete*, completed Tue 3 Mar 2026; 1 evidence link.")
    assert "slides" not in text


def test_describe_a_new_due_date_and_links() -> None:
    p = parse_update(
        "delayed until end of September https://a.example https://b.example", today=TODAY
    )
    assert describe(p).startswith("Mark *at risk*; new due date Thu 30 Sep 2027; 2 evidence links.")


def test_describe_a_note_only_update() -> None:
    p = parse_update("met the safeguarding lead", today=TODAY)
    assert describe(p).startswith("No status change.")
    assert "safeguarding" not in describe(p)


def test_describe_says_why_it_will_not_save_and_escapes_mrkdwn() -> None:
    p = ProposedUpdate(
        status=None,
        completed_on=None,
        new_due_date=None,
        links=(),
        note="x",
        problems=("“<!channel> & 30/09” is odd.",),
    )
    text = describe(p)
    assert "can't save" in text
    assert "&lt;!channel&gt; &amp; 30/09" in text
    assert "<!channel>" not in text


# --- fields with their words and a confidence (issue 12) ------------------------------------


def test_each_field_carries_its_words_and_a_confidence() -> None:
    p = parse_update("Amber - it has slipped, revised date 31 January", today=TODAY)
    status, due = p.reading(Field.STATUS), p.reading(Field.NEW_DUE_DATE)
    assert status == Reading(Field.STATUS, R, "Amber … slipped")
    assert due == Reading(Field.NEW_DUE_DATE, date(2027, 1, 31), "31 January")
    assert p.savable and p.problems == ()


def test_an_unsure_field_is_not_proposed_and_says_why() -> None:
    p = parse_update("completed phase one, phase two due 30/06", today=TODAY)
    due = p.reading(Field.NEW_DUE_DATE)
    assert due is not None and due.confidence is Confidence.UNSURE
    assert due.source == "30/06" and due.reason and "part of the work" in due.reason
    assert (p.status, p.completed_on, p.new_due_date) == (P, None, None)
    assert not p.savable and p.problems == (due.reason,)


def test_savable_needs_every_reading_confident() -> None:
    sure = parse_update("on track", today=TODAY)
    doubt = Reading(Field.STATUS, None, "x", Confidence.UNSURE, "why")
    assert sure.savable
    assert not replace(sure, readings=(*sure.readings, doubt)).savable
    assert not replace(sure, problems=("why",)).savable


@pytest.mark.parametrize(
    ("text", "said"),
    [("superseded", "superseded"), ("No longer required.", "No longer required"),
     ("Status: pending", "pending"), ("RAG purple", "purple")],
)  # fmt: skip
def test_unknown_status_words_are_said_never_dropped(text: str, said: str) -> None:
    p = parse_update(text, today=TODAY)
    assert p.status is None and not p.savable
    assert any(said in problem for problem in p.problems), p.problems


def test_explanation_lines_say_what_was_understood_from_which_words() -> None:
    p = parse_update("delivered on 1st Feb, slides at https://example.org/s.pdf", today=TODAY)
    assert explanation_lines(p) == [
        "Complete — from 'delivered'",
        "Completed on Sun 1 Feb 2026 — from '1st Feb'",
        "Evidence link https://example.org/s.pdf",
        "Your words are kept as the progress note.",
    ]


def test_explanation_lines_say_how_a_default_was_chosen_and_what_is_unsure() -> None:
    assert explanation_lines(parse_update("Done", today=TODAY))[:2] == [
        "Complete — from 'Done'",
        "Completed on Thu 26 Nov 2026 — no date given, so today",
    ]
    assert explanation_lines(parse_update("stuck since last Friday", today=TODAY))[:2] == [
        "Blocked — from 'stuck'",
        "'last Friday' — part of the story: kept in the note, not stored as a date",
    ]
    lines = explanation_lines(parse_update("by the next board", today=TODAY))
    assert lines[0] == "Status unchanged — no status words in the update"
    assert lines[1].startswith("New due date not understood — I can't read “by the next board”")


# --- the measured sets (held-out and table), scored as in bench/score_language.py ----------

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "score_language.py"
_spec = importlib.util.spec_from_file_location("score_language", _BENCH)
assert _spec is not None and _spec.loader is not None
scoring = importlib.util.module_from_spec(_spec)
sys.modules["score_language"] = scoring
_spec.loader.exec_module(scoring)


def test_held_out_set_is_never_silently_wrong_and_mostly_understood(
    capsys: pytest.CaptureFixture[str],
) -> None:
    held_out, table = scoring.score_all()
    with capsys.disabled():
        print("\n" + scoring.table([held_out, table]))
    assert held_out.total >= 150 and table.total >= 150
    assert [row.text for row, _ in held_out.wrong] == []
    assert [row.text for row, _ in table.wrong] == []
    assert held_out.exact_share >= 0.9
    assert all(p.problems for _, p in held_out.flagged + table.flagged)  # a reason to act on


_TABLE = scoring.load(scoring.SETS["table"])


@pytest.mark.parametrize("row", _TABLE, ids=[row.text for row in _TABLE])
def test_table_row(row: Any) -> None:
    p = parse_update(row.text, today=row.today)
    if row.flag is not None:
        assert not p.savable and p.problems, explanation_lines(p)
    else:
        assert p.savable, p.problems
        assert scoring.matches(row, p), explanation_lines(p)


def test_a_day_that_does_not_exist_is_never_suggested_back() -> None:
    p = parse_update("will be done by 31 June 2027", today=date(2026, 12, 1))
    assert not p.savable
    assert "“31 June 2027” is not a real date" in " ".join(p.problems)
    assert "new due date 31 June 2027" not in " ".join(p.problems)
