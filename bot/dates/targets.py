"""Turn a plan's "Target Date" text into a due-date window or a marker (docs/fuzzy-targets.md).

Every form becomes a window ``window_start``..``due_date`` ending on its last day. Decisions
beyond docs/fuzzy-targets.md, so nobody has to reverse-engineer them:

- Seasons are meteorological; "Winter 2023" (or "Winter 2023/24") is Dec 2023 - Feb 2024.
- Two digits after a month, season or quarter are a year ("Dec 22" = December 2022).
- "early 2023" = Jan-Apr, "mid 2023" = May-Aug, "late 2023" = Sep-Dec (thirds of the year).
- "H1 2024" = Jan-Jun, "H2 2024" = Jul-Dec; "H1 2024/25" = Apr-Sep 2024 (financial halves).
- "end of X" is the window of X (same due date); "end of March" with no year is the next
  31 March on or after today, as docs/fuzzy-targets.md says. Leading "by", "due", "no later
  than" are ignored; "before" is not (it would move the date by a day, so it is left for a person).
- "within N months of publication" runs from the publication date to the same day N months
  later (clamped to the month's end); weeks and years work the same way.
- A season, month or day without a year, a bare "12/24", a split year that is not
  consecutive ("2024/26"), "TBC", "soon", "before March 2024", a range that ends before it
  starts and several dates in one cell are UNKNOWN with a reason: a plan written in 2022
  that says "Spring" must not silently mean Spring 2027.
- A "from - to" range ("Sep 2022 - Mar 2023") runs from the start of the first to the end of
  the second.
- dateparser reads only full word dates ("30th September 2024"), with day-first order and
  ``RELATIVE_BASE`` taken from ``today``; the domain layer handles everything else first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.dates.calendar import NUMBER_WORDS, add_months, quarter_end
from bot.dates.windows import MONTH, SEASON, NotUnderstood, Window, single_window


class TargetKind(StrEnum):
    """What a target text turned out to be."""

    DATE = "date"
    COMPLETE = "complete"
    ONGOING = "ongoing"
    RELATIVE = "relative"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Target:
    """An interpreted target: the text verbatim plus a window, a marker or a reason."""

    kind: TargetKind
    text: str
    due_date: date | None = None
    window_start: date | None = None
    reason: str | None = None


_MARKERS = {
    "implemented": TargetKind.COMPLETE,
    "complete": TargetKind.COMPLETE,
    "completed": TargetKind.COMPLETE,
    "done": TargetKind.COMPLETE,
    "ongoing": TargetKind.ONGOING,
    "on-going": TargetKind.ONGOING,
    "on going": TargetKind.ONGOING,
    "continuous": TargetKind.ONGOING,
}
_NO_TARGET = {"", "-", "n/a", "na", "none", "nil"}
_TO_BE_CONFIRMED = {"tbc", "tba", "tbd", "to be confirmed", "to be agreed", "to be decided"}

_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_WITHOUT_YEAR = [
    re.compile(rf"{_ORDINAL}\s+(?:of\s+)?{MONTH}"),
    re.compile(rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)"),
]
_TWO_NUMBERS = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}")
_PREFIX = re.compile(r"^(?:target(?: date)?:?\s+|deadline:?\s+|due(?: by)?:?\s+|by\s+)+")
_NO_LATER_THAN = re.compile(r"^no later than\s+")
_SEVERAL = re.compile(r"\s*(?:/|;|\bor\b|\band\b|\bthen\b)\s*")
_RANGE = re.compile(r"\s+(?:-|to|until)\s+")
_RELATIVE = re.compile(
    r"(?:within|by|up to)?\s*(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+"
    r"(?P<unit>week|month|year)s?\s+(?:of|after|from|following|post)\s+(?:the\s+)?"
    r"publication(?:\s+of\s+(?:the|this)\s+[a-z ]+)?"
)


def interpret_target(text: str, *, published: date | None = None, today: date) -> Target:
    """Interpret a plan's target text as a due-date window, a marker, or an explained unknown."""
    cleaned = _normalise(text)
    if cleaned in _NO_TARGET:
        return _unknown(text, "No target date given.")
    marker = _MARKERS.get(cleaned)
    if marker is not None:
        return Target(kind=marker, text=text)
    relative = _RELATIVE.fullmatch(cleaned)
    if relative is not None:
        return _relative(text, relative, published)
    try:
        start, end = _window(cleaned, today)
    except NotUnderstood as exc:
        return _unknown(text, str(exc))
    return Target(kind=TargetKind.DATE, text=text, due_date=end, window_start=start)


def next_quarter_review(today: date) -> date:
    """Return the last day of today's calendar quarter, when ongoing actions are reviewed."""
    return quarter_end(today)


def _unknown(text: str, reason: str) -> Target:
    return Target(kind=TargetKind.UNKNOWN, text=text, reason=reason)


def _normalise(text: str) -> str:
    cleaned = text.lower()
    cleaned = re.sub(r"['‘’`]", "", cleaned)
    cleaned = re.sub(r"[–—]", "-", cleaned).replace(",", " ")
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .;:!")
    cleaned = _NO_LATER_THAN.sub("", cleaned)
    return _PREFIX.sub("", cleaned)


# --- relative to publication -------------------------------------------------------------


def _relative(text: str, match: re.Match[str], published: date | None) -> Target:
    raw, unit = match["n"], match["unit"]
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    plural = "" if count == 1 else "s"
    if published is None:
        reason = (
            f"Due {count} {unit}{plural} after publication, but the review has no "
            "publication date yet; set it and the due date will follow."
        )
        return Target(kind=TargetKind.RELATIVE, text=text, reason=reason)
    if unit == "week":
        due = published + timedelta(weeks=count)
    else:
        due = add_months(published, count * (12 if unit == "year" else 1))
    return Target(kind=TargetKind.DATE, text=text, due_date=due, window_start=published)


# --- windows ------------------------------------------------------------------------------


def _window(cleaned: str, today: date) -> Window:
    """Return (start, end) for one target or a "from - to" range, or raise NotUnderstood."""
    window = single_window(cleaned, today)
    if window is not None:
        return window
    parts = _RANGE.split(cleaned)
    if len(parts) == 2:
        first = single_window(parts[0], today)
        last = single_window(parts[1], today)
        if first is not None and last is not None:
            if first[0] > last[1]:
                raise NotUnderstood("The range ends before it starts; check the dates.")
            return first[0], last[1]
    raise NotUnderstood(_explain(cleaned, today))


# --- explaining what was not understood ---------------------------------------------------


def _explain(cleaned: str, today: date) -> str:
    """Say why a target was not understood, in words a coordinator can act on."""
    if cleaned in _TO_BE_CONFIRMED:
        return "The target date is still to be confirmed; set it once it is agreed."
    if cleaned.startswith("before "):
        return "'Before' leaves the last day unclear; give the target itself (e.g. 'Feb 2024')."
    parts = _SEVERAL.split(cleaned)
    if len(parts) > 1 and all(single_window(part, today) for part in parts):
        return "Several dates in one target; keep the one that applies now."
    if "publication" in cleaned:
        return "Relative to publication, but the wording was not clear; set the due date by hand."
    if re.search(rf"\b{SEASON}\b|\b{MONTH}", cleaned) and not re.search(r"\d{2}", cleaned):
        return "A season or month without a year; add the year (e.g. 'Autumn 2022')."
    if any(pattern.fullmatch(cleaned) for pattern in _DAY_WITHOUT_YEAR):
        return "A day without a year; add the year (e.g. '30 September 2024')."
    if _TWO_NUMBERS.fullmatch(cleaned):
        return "Two numbers could be a day and month or a month and year; write the month out."
    return "Not a target date the bot understands; set the due date by hand."
