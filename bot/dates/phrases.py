"""Date phrases in plain-language updates: "3 March", "last Friday", "by 30/09", "in two weeks".

Each phrase found is a Mention whose date depends on its role: a completion date is the most
recent occurrence (today included), a new target the next one. `today` is always passed in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.dates.calendar import NUMBER_WORDS, add_months, month_end, month_number
from bot.dates.mention import (
    DAY,
    MONTH,
    YEAR,
    BadDate,
    Builder,
    Kind,
    Mention,
    Resolver,
    Role,
    exact,
    nearest,
)
from bot.dates.periods import FIRST_PATTERNS, LAST_PATTERNS

__all__ = ["BadDate", "Kind", "Mention", "Role", "find_dates"]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"
_COUNT = r"(?P<count>\d{1,3}|a\s+couple\s+of|" + "|".join(NUMBER_WORDS) + ")"
_UNIT = r"(?P<unit>day|week|fortnight|month)s?\b"


def _nearest_month_end(month: int, today: date, *, back: bool) -> date:
    end = month_end(today.year, month)
    if back and end > today:
        return month_end(today.year - 1, month)
    if not back and end < today:
        return month_end(today.year + 1, month)
    return end


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return 2 if word == "a couple of" else NUMBER_WORDS[word]


def _shift(today: date, count: int, unit: str) -> date:
    unit = unit.lower()
    if unit == "month":
        return add_months(today, count)
    return today + timedelta(days=count * {"day": 1, "week": 7, "fortnight": 14}[unit])


def _day_month(month: int, day: int, year: str | None, today: date) -> Resolver:
    if year is not None:
        fixed = int(year) + (2000 if len(year) == 2 else 0)
        return lambda _role: exact(fixed, month, day)
    return lambda role: nearest(month, day, today, back=role is Role.COMPLETION)


def _iso(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    return Kind.PLAIN, _day_month(int(m["mon"]), int(m["day"]), m["year"], today)


def _numeric(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    if m["sep"] == "-" and m["year"] is None:
        return None  # "3-4 weeks" is a range, not 3 April
    return Kind.PLAIN, _day_month(int(m["mon"]), int(m["day"]), m["year"], today)


def _named(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    if int(m["day"]) > 31:
        return None
    return Kind.PLAIN, _day_month(month_number(m["month"]), int(m["day"]), m["year"], today)


def _month_day(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    if m["month"].lower() == "may":
        return None  # "may 2 people…" is too often the verb
    return _named(m, today)


def _dotted(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    if len(m["year"]) == 2 and abs(2000 + int(m["year"]) - today.year) > 5:
        return None  # "section 4.2.10": a numbered part, not 4 February 2010
    return Kind.PLAIN, _day_month(int(m["mon"]), int(m["day"]), m["year"], today)


def _vague_period(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    def refuse(role: Role) -> date:
        if role is Role.COMPLETION:
            raise BadDate("“{phrase}” is not a day: say which day, e.g. “done on 3 March”.")
        raise BadDate("“{phrase}” is not a day: give the new due date, e.g. “by 31 August”.")

    ahead = m.group(0).split()[0].lower() in ("by", "until", "till", "before")
    return (Kind.VAGUE if ahead else Kind.PERIOD), refuse


def _end_of_month_name(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    month = month_number(m["month"])
    if m["year"] is not None:
        fixed = int(m["year"])
        return Kind.PLAIN, lambda _role: month_end(fixed, month)
    return Kind.PLAIN, lambda role: _nearest_month_end(month, today, back=role is Role.COMPLETION)


def _end_of_period(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    offset = {"next": 1, "last": -1}.get((m["rel"] or "").lower(), 0)
    if m["unit"].lower() == "year":
        end = date(today.year + offset, 12, 31)
    else:
        shifted = add_months(today.replace(day=1), offset)
        end = month_end(shifted.year, shifted.month)
    return (Kind.PAST if offset < 0 else Kind.PLAIN), lambda _role: end


def _in_count(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    day = _shift(today, _count(m["count"]), m["unit"])
    return Kind.AHEAD, lambda _role: day


def _ago(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    day = _shift(today, -_count(m["count"]), m["unit"])
    return Kind.PAST, lambda _role: day


def _weekday(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    wanted = _WEEKDAYS.index(m["weekday"].lower())
    back = (today.weekday() - wanted) % 7
    ahead = (wanted - today.weekday()) % 7
    rel = (m["rel"] or "").lower()
    if rel == "last":  # strictly before today, even when today is that weekday
        day = today - timedelta(days=back or 7)
        return Kind.PAST, lambda _role: day
    if rel == "next":
        day = today + timedelta(days=ahead or 7)
        return Kind.PLAIN, lambda _role: day
    return (
        Kind.PLAIN,
        lambda role: (
            today - timedelta(days=back)
            if role is Role.COMPLETION
            else today + timedelta(days=ahead)
        ),
    )


def _relative_word(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["word"].lower()]
    day = today + timedelta(days=offset)
    return (Kind.PLAIN if offset > 0 else Kind.PAST), lambda _role: day


def _vague_month(m: re.Match[str], today: date) -> tuple[Kind, Resolver] | None:
    def refuse(_role: Role) -> date:
        raise BadDate(
            "“{phrase}” has no day: say “end of "
            + m["month"].capitalize()
            + "” or a day like “30 "
            + m["month"].capitalize()
            + "”."
        )

    return Kind.VAGUE, refuse


# Earlier patterns win where matches overlap ("end of September" before "September").
_PATTERNS: tuple[tuple[re.Pattern[str], Builder], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), builder)
    for pattern, builder in (
        *FIRST_PATTERNS,
        (r"(?<![\w/.])(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?![\w/])", _iso),
        (
            r"(?<![\w/.-])(?P<day>\d{1,2})(?P<sep>[/-])(?P<mon>\d{1,2})"
            r"(?:(?P=sep)(?P<year>\d{4}|\d{2}))?(?![\w/]|-\d|\.\d)(?!\s+of\b)",
            _numeric,
        ),
        # "30.06.2028", "3.11.26": with a year only, so a ref like 4.2 is never a date.
        (
            r"(?<![\w/.-])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4}|\d{2})(?![\w/.-]\w)",
            _dotted,
        ),
        (rf"\b(?:the\s+)?end\s+of\s+{MONTH}(?:,?\s+{YEAR})?", _end_of_month_name),
        (r"\b(?:the\s+)?end\s+of\s+(?:(?P<rel>this|next|last|the)\s+)?(?P<unit>month|year)\b",
         _end_of_period),
        (rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH}(?:,?\s+{YEAR})?", _named),
        (rf"\b{MONTH}\s+{DAY}(?!\s*[/:%])(?:,?\s+{YEAR})?", _month_day),
        (rf"\bin\s+{_COUNT}\s+{_UNIT}(?:[’']?s?\s+time\b)?", _in_count),
        (rf"\b{_COUNT}\s+{_UNIT}\s+ago\b", _ago),
        (rf"\b(?:(?P<rel>last|next|this)\s+)?{_WEEKDAY}", _weekday),
        (r"\b(?P<word>yesterday|today|tomorrow)\b", _relative_word),
        (rf"\b(?:by|until|till|in|before|for|during)\s+(?:early\s+|mid\s+|late\s+)?{MONTH}"
         rf"(?:\s+{YEAR})?", _vague_month),
        # A time gone by, but no day: context in a story, refused as a completion date.
        (r"\b(?:(?:earlier|late|later)\s+)?(?:last|this|past)\s+(?:week(?:end)?|month)\b"
         r"|\blast\s+year\b|\b(?:over|at|during)\s+the\s+weekend\b|\bthe\s+other\s+day\b"
         r"|\b(?:in|during|over|by|until|till|before)\s+(?:the\s+)?(?:summer|spring|autumn|winter)\b",
         _vague_period),
        *LAST_PATTERNS,
    )
)  # fmt: skip


def find_dates(scan: str, today: date) -> list[Mention]:
    """Return the date phrases in `scan`, left to right, none overlapping another."""
    taken: list[Mention] = []
    for pattern, builder in _PATTERNS:
        for m in pattern.finditer(scan):
            if any(m.start() < t.end and t.start < m.end() for t in taken):
                continue
            built = builder(m, today)
            if built is not None:
                taken.append(Mention(m.start(), m.end(), *built))
    return sorted(taken, key=lambda t: t.start)
