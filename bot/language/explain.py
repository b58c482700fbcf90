"""Say in plain words what an update was understood to mean, and from which words."""

from __future__ import annotations

from datetime import date

from bot.dates.calendar import for_people
from bot.language.model import Field, ProposedUpdate, Reading
from bot.status import Status

_UNSURE_LABEL = {
    Field.STATUS: "Status not understood",
    Field.COMPLETED_ON: "Completion date not understood",
    Field.NEW_DUE_DATE: "New due date not understood",
    Field.LINK: "Link not understood",
    Field.NOTE: "Note not understood",
    Field.STORY: "Date not understood",
}


def explanation_lines(p: ProposedUpdate) -> list[str]:
    """Return one plain-text line per proposed field: what was understood, from which words."""
    lines = [_line(r) for r in p.readings if r.field is not Field.NOTE]
    if p.reading(Field.STATUS) is None:
        lines.insert(0, "Status unchanged — no status words in the update")
    known = {r.reason for r in p.readings if r.reason}
    lines += [f"Not understood — {problem}" for problem in p.problems if problem not in known]
    if p.note:
        lines.append("Your words are kept as the progress note.")
    return lines


def _line(r: Reading) -> str:
    if not r.confident:
        return f"{_UNSURE_LABEL[r.field]} — {r.reason}"
    what = _what(r)
    if r.field is Field.STORY:
        return f"'{r.source}' — part of the story: kept in the note, not stored as a date"
    if r.field is Field.LINK or not (r.source or r.reason):
        return what
    if not r.source:
        return f"{what} — {r.reason}"
    return f"{what} — from '{r.source}'" + (f" ({r.reason})" if r.reason else "")


def _what(r: Reading) -> str:
    if isinstance(r.value, Status):
        return r.value.label
    if r.field is Field.COMPLETED_ON and isinstance(r.value, date):
        return f"Completed on {for_people(r.value)}"
    if r.field is Field.NEW_DUE_DATE and isinstance(r.value, date):
        return f"New due date {for_people(r.value)}"
    if r.field is Field.LINK:
        return f"Evidence link {r.value}"
    return "No status change"
