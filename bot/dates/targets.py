"""Turn a plan's "Target Date" text into a due-date window or a marker (SPEC "Fuzzy target dates").

Every form becomes a window ``window_start``..``due_date`` ending on its last day. Decisions
beyond the SPEC, so nobody has to reverse-engineer them:

- Seasons are meteorological; "Winter 2023" (or "Winter 2023/24") is Dec 2023 - Feb 2024.
- Two digits after a month, season or quarter are a year ("Dec 22" = December 2022).
- "early 2023" = Jan-Apr, "mid 2023" = May-Aug, "late 2023" = Sep-Dec (thirds of the year).
- "H1 2024" = Jan-Jun, "H2 2024" = Jul-Dec; "H1 2024/25" = Apr-Sep 2024 (financial halves).
- "end of X" is the window of X (same due date); "end of March" with no year is the next
  31 March on or after today, as the SPEC says. Leading "by", "due", "no later than" are
  ignored; "before" is not (it would move the date by a day, so it is left for a person).
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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import dateparser

from bot.dates.calendar import (
    FINANCIAL_YEAR_START_MONTH,
    MONTHS,
    NUMBER_WORDS,
    SEASON_START,
    add_months,
    calendar_quarter,
    end_after,
    financial_quarter,
    month_end,
    quarter_end,
)


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


class _NotUnderstood(Exception):
    """A target that looks like a date but cannot be read without guessing."""


_Window = tuple[date, date]

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_SEASON = r"(?P<season>" + "|".join(SEASON_START) + ")"
_YEAR = r"(?P<year>20\d{2}|\d{2})"
_FY = r"(?:fy\s*)?(?P<fy1>20\d{2}|\d{2})\s*[/-]\s*(?P<fy2>20\d{2}|\d{2})"
_QUARTER = r"(?:q|quarter\s*)(?P<q>[1-4])\s+(?:of\s+)?"

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
    re.compile(rf"{_ORDINAL}\s+(?:of\s+)?{_MONTH}"),
    re.compile(rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)"),
]
_TWO_NUMBERS = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}")
_PREFIX = re.compile(r"^(?:target(?: date)?:?\s+|deadline:?\s+|due(?: by)?:?\s+|by\s+)+")
_NO_LATER_THAN = re.compile(r"^no later than\s+")
_END_OF = re.compile(r"^(?:the\s+)?end\s+(?:of\s+)?(?:the\s+)?")
_SEVERAL = re.compile(r"\s*(?:/|;|\bor\b|\band\b|\bthen\b)\s*")
_RANGE = re.compile(r"\s+(?:-|to|until)\s+")
_RELATIVE = re.compile(
    r"(?:within|by|up to)?\s*(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+"
    r"(?P<unit>week|month|year)s?\s+(?:of|after|from|following|post)\s+(?:the\s+)?"
    r"publication(?:\s+of\s+(?:the|this)\s+[a-z ]+)?"
)

_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}


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
    except _NotUnderstood as exc:
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


def _window(cleaned: str, today: date) -> _Window:
    """Return (start, end) for one target or a "from - to" range, or raise _NotUnderstood."""
    window = _single_window(cleaned, today)
    if window is not None:
        return window
    parts = _RANGE.split(cleaned)
    if len(parts) == 2:
        first = _single_window(parts[0], today)
        last = _single_window(parts[1], today)
        if first is not None and last is not None:
            if first[0] > last[1]:
                raise _NotUnderstood("The range ends before it starts; check the dates.")
            return first[0], last[1]
    raise _NotUnderstood(_explain(cleaned, today))


def _single_window(cleaned: str, today: date) -> _Window | None:
    body = _END_OF.sub("", cleaned)
    if body != cleaned and body in MONTHS:
        return _nextmonth_end(MONTHS[body], today)
    for pattern, handler in _RULES:
        match = pattern.fullmatch(body)
        if match is not None:
            return handler(match)
    return _word_date(body, today)


def _nextmonth_end(month: int, today: date) -> _Window:
    year = today.year if month_end(today.year, month) >= today else today.year + 1
    return date(year, month, 1), month_end(year, month)


def _season(m: re.Match[str]) -> _Window:
    year = _year(m["year"])
    first_month = SEASON_START[m["season"]]
    if m["year2"] is not None and (first_month != 12 or not _consecutive(year, m["year2"])):
        raise _NotUnderstood("A season with a split year is ambiguous; give one year.")
    start = date(year, first_month, 1)
    return start, end_after(start, 3)


def _month_year(m: re.Match[str]) -> _Window:
    year, month = _year(m["year"]), MONTHS[m["month"]]
    return date(year, month, 1), month_end(year, month)


def _numeric_month_year(m: re.Match[str]) -> _Window:
    year, month = int(m["year"]), int(m["mon"])
    return date(year, month, 1), month_end(year, month)


def _calendar_quarter(m: re.Match[str]) -> _Window:
    return calendar_quarter(_year(m["year"]), int(m["q"]))


def _financial_quarter(m: re.Match[str]) -> _Window:
    return financial_quarter(_financial_year_start(m).year, int(m["q"]))


def _calendar_half(m: re.Match[str]) -> _Window:
    start = date(_year(m["year"]), 1 if _half(m) == 1 else 7, 1)
    return start, end_after(start, 6)


def _financial_half(m: re.Match[str]) -> _Window:
    start = add_months(_financial_year_start(m), 0 if _half(m) == 1 else 6)
    return start, end_after(start, 6)


def _half(m: re.Match[str]) -> int:
    return 1 if m["h"] == "1" or m["hw"] == "first" else 2


def _part_of_year(m: re.Match[str]) -> _Window:
    first_month = {"early": 1, "mid": 5, "late": 9}[m["part"]]
    start = date(int(m["year"]), first_month, 1)
    return start, end_after(start, 4)


def _whole_year(m: re.Match[str]) -> _Window:
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31)


def _financial_year(m: re.Match[str]) -> _Window:
    start = _financial_year_start(m)
    return start, end_after(start, 12)


def _full_date(m: re.Match[str]) -> _Window:
    try:
        day = date(_year(m["year"]), int(m["mon"]), int(m["day"]))
    except ValueError as exc:
        raise _NotUnderstood("That day does not exist in the calendar.") from exc
    return day, day


def _word_date(body: str, today: date) -> _Window | None:
    """Read a full word date such as "30th September 2024" with dateparser."""
    if not re.search(_MONTH, body) or not re.search(r"\d", body):
        return None
    settings = {
        **_DATEPARSER_SETTINGS,
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
    }
    parsed = dateparser.parse(body, languages=["en"], settings=settings)
    if parsed is None or not 2000 <= parsed.year <= 2099:
        return None
    return parsed.date(), parsed.date()


_Handler = Callable[[re.Match[str]], _Window]

_SPLIT_YEAR = r"(?:\s*[/-]\s*(?P<year2>20\d{2}|\d{2}))?"
_HALF = r"(?:h(?P<h>[12])|(?P<hw>first|second) half(?: of)?)\s+"
_FINANCIAL_YEAR = r"(?:financial year\s+|fy\s*)?(?P<fy1>20\d{2})\s*[/-]\s*(?P<fy2>20\d{2}|\d{2})"
_DAY_MONTH_YEAR = r"(?P<day>\d{1,2})\s*([/.-])\s*(?P<mon>\d{1,2})\s*\2\s*(?P<year>20\d{2}|\d{2})"

_RULES: list[tuple[re.Pattern[str], _Handler]] = [
    (re.compile(rf"{_SEASON}\s+(?:of\s+)?{_YEAR}{_SPLIT_YEAR}"), _season),
    (re.compile(rf"{_MONTH}\s*(?:of\s+)?{_YEAR}"), _month_year),
    (re.compile(r"(?P<mon>0?[1-9]|1[0-2])\s*[/.-]\s*(?P<year>20\d{2})"), _numeric_month_year),
    (re.compile(rf"{_QUARTER}{_YEAR}"), _calendar_quarter),
    (re.compile(r"(?P<year>20\d{2})\s*[-/]?\s*q(?P<q>[1-4])"), _calendar_quarter),
    (re.compile(rf"{_QUARTER}{_FY}"), _financial_quarter),
    (re.compile(rf"{_HALF}{_YEAR}"), _calendar_half),
    (re.compile(rf"{_HALF}{_FY}"), _financial_half),
    (re.compile(r"(?P<part>early|mid|late)\s*-?\s*(?P<year>20\d{2})"), _part_of_year),
    (re.compile(r"(?:calendar year\s+)?(?P<year>20\d{2})"), _whole_year),
    (re.compile(_FINANCIAL_YEAR), _financial_year),
    (re.compile(r"fy\s*(?P<fy1>\d{2})\s*[/-]\s*(?P<fy2>\d{2})"), _financial_year),
    (re.compile(r"(?P<year>20\d{2})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})"), _full_date),
    (re.compile(_DAY_MONTH_YEAR), _full_date),
]


# --- explaining what was not understood ---------------------------------------------------


def _explain(cleaned: str, today: date) -> str:
    """Say why a target was not understood, in words a coordinator can act on."""
    if cleaned in _TO_BE_CONFIRMED:
        return "The target date is still to be confirmed; set it once it is agreed."
    if cleaned.startswith("before "):
        return "'Before' leaves the last day unclear; give the target itself (e.g. 'Feb 2024')."
    parts = _SEVERAL.split(cleaned)
    if len(parts) > 1 and all(_single_window(part, today) for part in parts):
        return "Several dates in one target; keep the one that applies now."
    if "publication" in cleaned:
        return "Relative to publication, but the wording was not clear; set the due date by hand."
    if re.search(rf"\b{_SEASON}\b|\b{_MONTH}", cleaned) and not re.search(r"\d{2}", cleaned):
        return "A season or month without a year; add the year (e.g. 'Autumn 2022')."
    if any(pattern.fullmatch(cleaned) for pattern in _DAY_WITHOUT_YEAR):
        return "A day without a year; add the year (e.g. '30 September 2024')."
    if _TWO_NUMBERS.fullmatch(cleaned):
        return "Two numbers could be a day and month or a month and year; write the month out."
    return "Not a target date the bot understands; set the due date by hand."


# --- calendar arithmetic ------------------------------------------------------------------


def _year(token: str) -> int:
    return int(token) if len(token) == 4 else 2000 + int(token)


def _consecutive(first_year: int, second: str) -> bool:
    return _year(second) == first_year + 1


def _financial_year_start(m: re.Match[str]) -> date:
    first_year = _year(m["fy1"])
    if not _consecutive(first_year, m["fy2"]):
        raise _NotUnderstood("A financial year runs over two consecutive years, e.g. '2024/25'.")
    return date(first_year, FINANCIAL_YEAR_START_MONTH, 1)
