"""The forms one plan target takes ("Autumn 2022", "Q2 2024/25", "Dec 22"…) as date windows.

A window is (first day, last day). The rules are in docs/fuzzy-targets.md; the decisions
beyond them are listed in bot/dates/targets.py, which reads ranges, markers and
publication-relative targets on top.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from bot.dates.calendar import (
    FINANCIAL_YEAR_START_MONTH,
    MONTHS,
    SEASON_START,
    add_months,
    calendar_quarter,
    end_after,
    financial_quarter,
    month_end,
)


class NotUnderstood(Exception):
    """A target that looks like a date but cannot be read without guessing."""


Window = tuple[date, date]

MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
SEASON = r"(?P<season>" + "|".join(SEASON_START) + ")"
_YEAR = r"(?P<year>20\d{2}|\d{2})"
_FY = r"(?:fy\s*)?(?P<fy1>20\d{2}|\d{2})\s*[/-]\s*(?P<fy2>20\d{2}|\d{2})"
_QUARTER = r"(?:q|quarter\s*)(?P<q>[1-4])\s+(?:of\s+)?"
_END_OF = re.compile(r"^(?:the\s+)?end\s+(?:of\s+)?(?:the\s+)?")

_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}


def single_window(cleaned: str, today: date) -> Window | None:
    """Return (start, end) for one target form, or None if it is not one."""
    body = _END_OF.sub("", cleaned)
    if body != cleaned and body in MONTHS:
        return _next_month_end(MONTHS[body], today)
    for pattern, handler in _RULES:
        match = pattern.fullmatch(body)
        if match is not None:
            return handler(match)
    return _word_date(body, today)


def _next_month_end(month: int, today: date) -> Window:
    year = today.year if month_end(today.year, month) >= today else today.year + 1
    return date(year, month, 1), month_end(year, month)


def _season(m: re.Match[str]) -> Window:
    year = _year(m["year"])
    first_month = SEASON_START[m["season"]]
    if m["year2"] is not None and (first_month != 12 or not _consecutive(year, m["year2"])):
        raise NotUnderstood("A season with a split year is ambiguous; give one year.")
    start = date(year, first_month, 1)
    return start, end_after(start, 3)


def _month_year(m: re.Match[str]) -> Window:
    year, month = _year(m["year"]), MONTHS[m["month"]]
    return date(year, month, 1), month_end(year, month)


def _numeric_month_year(m: re.Match[str]) -> Window:
    year, month = int(m["year"]), int(m["mon"])
    return date(year, month, 1), month_end(year, month)


def _calendar_quarter(m: re.Match[str]) -> Window:
    return calendar_quarter(_year(m["year"]), int(m["q"]))


def _financial_quarter(m: re.Match[str]) -> Window:
    return financial_quarter(_financial_year_start(m).year, int(m["q"]))


def _calendar_half(m: re.Match[str]) -> Window:
    start = date(_year(m["year"]), 1 if _half(m) == 1 else 7, 1)
    return start, end_after(start, 6)


def _financial_half(m: re.Match[str]) -> Window:
    start = add_months(_financial_year_start(m), 0 if _half(m) == 1 else 6)
    return start, end_after(start, 6)


def _half(m: re.Match[str]) -> int:
    return 1 if m["h"] == "1" or m["hw"] == "first" else 2


def _part_of_year(m: re.Match[str]) -> Window:
    first_month = {"early": 1, "mid": 5, "late": 9}[m["part"]]
    start = date(int(m["year"]), first_month, 1)
    return start, end_after(start, 4)


def _whole_year(m: re.Match[str]) -> Window:
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31)


def _financial_year(m: re.Match[str]) -> Window:
    start = _financial_year_start(m)
    return start, end_after(start, 12)


def _full_date(m: re.Match[str]) -> Window:
    try:
        day = date(_year(m["year"]), int(m["mon"]), int(m["day"]))
    except ValueError as exc:
        raise NotUnderstood("That day does not exist in the calendar.") from exc
    return day, day


def _word_date(body: str, today: date) -> Window | None:
    """Read a full word date such as "30th September 2024" with dateparser."""
    if not re.search(MONTH, body) or not re.search(r"\d", body):
        return None
    settings = {
        **_DATEPARSER_SETTINGS,
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
    }
    import dateparser  # slow to import and rarely needed: only for full word dates

    parsed = dateparser.parse(body, languages=["en"], settings=settings)
    if parsed is None or not 2000 <= parsed.year <= 2099:
        return None
    return parsed.date(), parsed.date()


_Handler = Callable[[re.Match[str]], Window]

_SPLIT_YEAR = r"(?:\s*[/-]\s*(?P<year2>20\d{2}|\d{2}))?"
_HALF = r"(?:h(?P<h>[12])|(?P<hw>first|second) half(?: of)?)\s+"
_FINANCIAL_YEAR = r"(?:financial year\s+|fy\s*)?(?P<fy1>20\d{2})\s*[/-]\s*(?P<fy2>20\d{2}|\d{2})"
_DAY_MONTH_YEAR = r"(?P<day>\d{1,2})\s*([/.-])\s*(?P<mon>\d{1,2})\s*\2\s*(?P<year>20\d{2}|\d{2})"

_RULES: list[tuple[re.Pattern[str], _Handler]] = [
    (re.compile(rf"{SEASON}\s+(?:of\s+)?{_YEAR}{_SPLIT_YEAR}"), _season),
    (re.compile(rf"{MONTH}\s*(?:of\s+)?{_YEAR}"), _month_year),
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


# --- years -------------------------------------------------------------------------------


def _year(token: str) -> int:
    return int(token) if len(token) == 4 else 2000 + int(token)


def _consecutive(first_year: int, second: str) -> bool:
    return _year(second) == first_year + 1


def _financial_year_start(m: re.Match[str]) -> date:
    first_year = _year(m["fy1"])
    if not _consecutive(first_year, m["fy2"]):
        raise NotUnderstood("A financial year runs over two consecutive years, e.g. '2024/25'.")
    return date(first_year, FINANCIAL_YEAR_START_MONTH, 1)
