"""Date phrases that name a week, a quarter or a day of the month in an update.

"w/c 7 December" is the Monday of that week: a fine new due date, but not a completion day.
"end of Q3" is a calendar quarter (as in plan targets, SPEC "Fuzzy target dates") and
"Q2 24/25" a UK financial quarter; a quarter is a due date at its end, never a completion
day. "the 14th" is the most recent 14th for a completion and the next one for a target.
"""

from __future__ import annotations

import re
from datetime import date

from bot.dates.calendar import (
    calendar_quarter,
    financial_quarter,
    for_people,
    month_end,
    month_number,
)
from bot.dates.mention import DAY, MONTH, YEAR, BadDate, Kind, Resolver, Role, exact, nearest

_WEEK_NOT_DAY = "“{phrase}” is a week, not a day: say which day it was completed."
_QUARTER_NOT_DAY = "“{phrase}” is a quarter, not a day: say which day it was completed."
_CUES = re.compile(
    r"\b(?:by|to|until|till|due|for|in|target|deadline|date|moved|now|end\s+of)\s*[:\-]?\s*$",
    re.IGNORECASE,
)


def _week(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    if m["day"] is not None:
        month, day, year = month_number(m["month"]), int(m["day"]), m["year"]
    else:
        month, day, year = int(m["nmon"]), int(m["nday"]), m["nyear"]

    def resolve(role: Role) -> date:
        if role is Role.COMPLETION:
            raise BadDate(_WEEK_NOT_DAY)
        if year is not None:
            monday = exact(int(year) + (2000 if len(year) == 2 else 0), month, day)
        else:
            monday = nearest(month, day, today, back=False)
        if monday.weekday() != 0:
            raise BadDate(
                "“{phrase}”: " + for_people(monday) + " is not a Monday; give the Monday "
                "the week starts, or the day itself."
            )
        return monday

    return Kind.PLAIN, resolve


def _quarter(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    quarter = int(m["q"])
    if m["fy1"] is not None:
        first = int(m["fy1"]) % 100 + 2000
        if (int(m["fy2"]) % 100) != (first + 1) % 100:
            return Kind.PLAIN, _refuse("“{phrase}”: a financial year runs over two years.")
        end = financial_quarter(first, quarter)[1]
    elif m["year"] is not None:
        end = calendar_quarter(int(m["year"]), quarter)[1]
    elif m["endof"] or _CUES.search(m.string[: m.start()]):
        end = calendar_quarter(today.year, quarter)[1]
        if end < today:
            end = calendar_quarter(today.year + 1, quarter)[1]
    else:
        return None  # "Q2 data was shared": a quarter's figures, not a date

    def resolve(role: Role) -> date:
        if role is Role.COMPLETION:
            raise BadDate(_QUARTER_NOT_DAY)
        return end

    return Kind.PLAIN, resolve


def _day_of_month(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None

    def resolve(role: Role) -> date:
        back = role is Role.COMPLETION
        year, month = today.year, today.month
        for _ in range(13):
            if day <= month_end(year, month).day:
                candidate = date(year, month, day)
                if (candidate <= today) if back else (candidate >= today):
                    return candidate
            year, month = divmod(year * 12 + month - 1 + (-1 if back else 1), 12)
            month += 1
        raise BadDate("“{phrase}” is not a day of the month.")

    return Kind.PLAIN, resolve


def _refuse(message: str) -> Resolver:
    def refuse(_role: Role) -> date:
        raise BadDate(message)

    return refuse


_WEEK = r"\b(?:w/?c\.?|w\.c\.|week\s+(?:commencing|beginning|starting))"
_FY = r"(?P<fy1>\d{2}|20\d{2})\s*/\s*(?P<fy2>\d{2})"

# Read before the other phrases, so "w/c 7 December" is not taken as the 7th itself.
FIRST_PATTERNS = (
    (
        rf"{_WEEK}\s+(?:monday\s+)?(?:the\s+)?(?:{DAY}(?:\s+of)?\s+{MONTH}(?:,?\s+{YEAR})?"
        r"|(?P<nday>\d{1,2})/(?P<nmon>\d{1,2})(?:/(?P<nyear>\d{4}|\d{2}))?\b)",
        _week,
    ),
    (
        rf"\b(?P<endof>(?:the\s+)?end\s+of\s+)?q(?P<q>[1-4])\b(?:\s+(?:{_FY}\b|{YEAR}))?",
        _quarter,
    ),
)
# Read last: "the 14th" alone, once "14th December" has had its chance.
LAST_PATTERNS = (
    (r"\b(?:the\s+)(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[,.;:!)\-–]|$))", _day_of_month),
)
