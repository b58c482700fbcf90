"""Read a plain-language progress update into a proposed change (SPEC "Plain-language updates").

The parser is pure: `today` is passed in, nothing reads the clock, and nothing is stored.
When it cannot be sure what was meant it says why in `problems` instead of guessing.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from bot.blockkit import escape
from bot.status import Status


@dataclass(frozen=True)
class ProposedUpdate:
    """What a plain-language update was understood to mean, before the user saves it."""

    status: Status | None
    completed_on: date | None
    new_due_date: date | None
    links: tuple[str, ...]
    note: str
    problems: tuple[str, ...]


# --- links -------------------------------------------------------------------------------

# `<`, `>` and `|` end a URL because Slack wraps links as <https://…|label>.
_URL = re.compile(r"https?://[^\s<>|]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"”’*_]}>"


def _clean_url(url: str) -> str:
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _extract_links(text: str) -> tuple[tuple[str, ...], str]:
    """Return the links and the text with each URL blanked out (same length, so spans line up)."""
    links = tuple(_clean_url(m.group(0)) for m in _URL.finditer(text))
    scan = _URL.sub(lambda m: " " * len(m.group(0)), text)
    return tuple(link for link in links if "://" in link and not link.endswith("://")), scan


# --- status words ------------------------------------------------------------------------

_STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.COMPLETE: ("done", "completed", "complete", "delivered", "finished", "implemented"),
    Status.IN_PROGRESS: ("started", "underway", "under way", "on track", "in progress"),
    Status.AT_RISK: ("delayed", "slipping", "behind", "at risk"),
    Status.BLOCKED: ("blocked", "stuck", "waiting on", "waiting for"),
}


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(w.replace(" ", r"\s+") for w in words)


_STATUS_PATTERNS = {
    status: re.compile(rf"\b(?:{_alternation(words)})\b", re.IGNORECASE)
    for status, words in _STATUS_WORDS.items()
}
_ALL_WORDS = _alternation(tuple(w for words in _STATUS_WORDS.values() for w in words))
# "not done", "hasn't started", "no longer blocked", "yet to be delivered", "will be finished":
# the word is there but the status is not (yet) true.
_NEGATED = re.compile(
    r"(?:\bnot|\bnever|\bno\s+longer|n[’']t|\bto\s+be|\bwill|\bgoing\s+to)\s+"
    r"(?:(?:yet|been|be|quite|fully|really|properly|actually|even|all)\s+)*"
    rf"(?P<word>{_ALL_WORDS})\b",
    re.IGNORECASE,
)


def _read_status(scan: str) -> tuple[Status | None, list[str]]:
    found: list[Status] = []
    negated: list[str] = []

    def neutralise(m: re.Match[str]) -> str:
        if m.group("word").lower() == "started":
            found.append(Status.NOT_STARTED)
        else:
            negated.append(m.group(0))
        return " " * len(m.group(0))

    rest = _NEGATED.sub(neutralise, scan)
    found += [status for status, pattern in _STATUS_PATTERNS.items() if pattern.search(rest)]
    unique = list(dict.fromkeys(found))
    if len(unique) > 1:
        labels = ", ".join(s.label.lower() for s in unique)
        return None, [f"It mentions more than one status ({labels}), so I won't guess which."]
    if unique:
        return unique[0], []
    if negated:
        said = " ".join(negated[0].split())
        return None, [
            f"It says “{said}” but not what the status is now "
            "(for example started, delayed or blocked)."
        ]
    return None, []


# --- date phrases ------------------------------------------------------------------------


class _Role(Enum):
    COMPLETION = "completion"
    TARGET = "target"
    CONTEXT = "context"  # a date that only tells the story ("since 3 March"); not stored
    UNCLEAR = "unclear"


class _Kind(Enum):
    PLAIN = "plain"
    PAST = "past"  # "yesterday", "last Friday", "two weeks ago"
    AHEAD = "ahead"  # "in two weeks": always a target unless the update says complete
    VAGUE = "vague"  # "by September": a month with no day


class _BadDate(ValueError):
    """A phrase that looks like a date but names no usable day."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Resolver = Callable[[_Role], date]


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    kind: _Kind
    resolve: Resolver


_NOT_A_DATE = "“{phrase}” is not a real date (dates are read day first, like 30/09)."

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>\d{4})\b"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|a\s+couple\s+of|" + "|".join(_NUMBER_WORDS) + ")"
_UNIT = r"(?P<unit>day|week|fortnight|month)s?\b"


def _month_number(word: str) -> int:
    return [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ].index(word[:3].lower()) + 1


def _exact(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _BadDate(_NOT_A_DATE) from None


def _nearest(month: int, day: int, today: date, *, back: bool) -> date:
    """Return the most recent (back) or next occurrence of a day and month, today included."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise _BadDate(_NOT_A_DATE)
    step = -1 if back else 1
    year = today.year
    while True:  # ends within 8 years: even 29 February comes round
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and (candidate <= today if back else candidate >= today):
            return candidate
        year += step


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _nearest_month_end(month: int, today: date, *, back: bool) -> date:
    end = _month_end(today.year, month)
    if back and end > today:
        return _month_end(today.year - 1, month)
    if not back and end < today:
        return _month_end(today.year + 1, month)
    return end


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return 2 if word == "a couple of" else _NUMBER_WORDS[word]


def _shift(today: date, count: int, unit: str) -> date:
    unit = unit.lower()
    if unit == "month":
        return _add_months(today, count)
    return today + timedelta(days=count * {"day": 1, "week": 7, "fortnight": 14}[unit])


def _day_month(month: int, day: int, year: str | None, today: date) -> Resolver:
    if year is not None:
        fixed = int(year) + (2000 if len(year) == 2 else 0)
        return lambda _role: _exact(fixed, month, day)
    return lambda role: _nearest(month, day, today, back=role is _Role.COMPLETION)


# Each builder turns one regex match into a mention, or None when the match is not a date.
Builder = Callable[[re.Match[str], date], "tuple[_Kind, Resolver] | None"]


def _iso(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    return _Kind.PLAIN, _day_month(int(m["mon"]), int(m["day"]), m["year"], today)


def _numeric(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    if m["sep"] == "-" and m["year"] is None:
        return None  # "3-4 weeks" is a range, not 3 April
    return _Kind.PLAIN, _day_month(int(m["mon"]), int(m["day"]), m["year"], today)


def _named(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    if int(m["day"]) > 31:
        return None
    return _Kind.PLAIN, _day_month(_month_number(m["month"]), int(m["day"]), m["year"], today)


def _month_day(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    if m["month"].lower() == "may":
        return None  # "may 2 people…" is too often the verb
    return _named(m, today)


def _end_of_month_name(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    month = _month_number(m["month"])
    if m["year"] is not None:
        fixed = int(m["year"])
        return _Kind.PLAIN, lambda _role: _month_end(fixed, month)
    return _Kind.PLAIN, lambda role: _nearest_month_end(month, today, back=role is _Role.COMPLETION)


def _end_of_period(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    offset = {"next": 1, "last": -1}.get((m["rel"] or "").lower(), 0)
    if m["unit"].lower() == "year":
        end = date(today.year + offset, 12, 31)
    else:
        shifted = _add_months(today.replace(day=1), offset)
        end = _month_end(shifted.year, shifted.month)
    return (_Kind.PAST if offset < 0 else _Kind.PLAIN), lambda _role: end


def _in_count(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    day = _shift(today, _count(m["count"]), m["unit"])
    return _Kind.AHEAD, lambda _role: day


def _ago(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    day = _shift(today, -_count(m["count"]), m["unit"])
    return _Kind.PAST, lambda _role: day


def _weekday(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    wanted = _WEEKDAYS.index(m["weekday"].lower())
    back = (today.weekday() - wanted) % 7
    ahead = (wanted - today.weekday()) % 7
    rel = (m["rel"] or "").lower()
    if rel == "last":  # strictly before today, even when today is that weekday
        day = today - timedelta(days=back or 7)
        return _Kind.PAST, lambda _role: day
    if rel == "next":
        day = today + timedelta(days=ahead or 7)
        return _Kind.PLAIN, lambda _role: day
    return (
        _Kind.PLAIN,
        lambda role: (
            today - timedelta(days=back)
            if role is _Role.COMPLETION
            else today + timedelta(days=ahead)
        ),
    )


def _relative_word(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["word"].lower()]
    day = today + timedelta(days=offset)
    return (_Kind.PLAIN if offset > 0 else _Kind.PAST), lambda _role: day


def _vague_month(m: re.Match[str], today: date) -> tuple[_Kind, Resolver] | None:
    def refuse(_role: _Role) -> date:
        raise _BadDate(
            "“{phrase}” has no day: say “end of "
            + m["month"].capitalize()
            + "” or a day like “30 "
            + m["month"].capitalize()
            + "”."
        )

    return _Kind.VAGUE, refuse


# Earlier patterns win where matches overlap ("end of September" before "September").
_PATTERNS: tuple[tuple[re.Pattern[str], Builder], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), builder)
    for pattern, builder in (
        (r"(?<![\w/.])(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?![\w/])", _iso),
        (
            r"(?<![\w/.-])(?P<day>\d{1,2})(?P<sep>[/-])(?P<mon>\d{1,2})"
            r"(?:(?P=sep)(?P<year>\d{4}|\d{2}))?(?![\w/]|-\d|\.\d)(?!\s+of\b)",
            _numeric,
        ),
        (rf"\b(?:the\s+)?end\s+of\s+{_MONTH}(?:,?\s+{_YEAR})?", _end_of_month_name),
        (r"\b(?:the\s+)?end\s+of\s+(?:(?P<rel>this|next|last|the)\s+)?(?P<unit>month|year)\b",
         _end_of_period),
        (rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?", _named),
        (rf"\b{_MONTH}\s+{_DAY}(?!\s*[/:%])(?:,?\s+{_YEAR})?", _month_day),
        (rf"\bin\s+{_COUNT}\s+{_UNIT}(?:[’']?s?\s+time\b)?", _in_count),
        (rf"\b{_COUNT}\s+{_UNIT}\s+ago\b", _ago),
        (rf"\b(?:(?P<rel>last|next|this)\s+)?{_WEEKDAY}", _weekday),
        (r"\b(?P<word>yesterday|today|tomorrow)\b", _relative_word),
        (rf"\b(?:by|until|till|in|before|for|during)\s+(?:early\s+|mid\s+|late\s+)?{_MONTH}"
         rf"(?:\s+{_YEAR})?", _vague_month),
    )
)  # fmt: skip


def _find_dates(scan: str, today: date) -> list[_Mention]:
    taken: list[_Mention] = []
    for pattern, builder in _PATTERNS:
        for m in pattern.finditer(scan):
            if any(m.start() < t.end and t.start < m.end() for t in taken):
                continue
            built = builder(m, today)
            if built is not None:
                taken.append(_Mention(m.start(), m.end(), *built))
    return sorted(taken, key=lambda t: t.start)


# --- what each date is for -----------------------------------------------------------------

_TARGET_CUE = re.compile(
    r"\b(?:by|until|till|til|to|before|due|deadline|target|expected|for|now|rescheduled|moved"
    r"|extended)(?:\s+(?:date|is|on|of|for|to|the|now))*\s*[:\-–]?\s*$",
    re.IGNORECASE,
)
_CONTEXT_CUE = re.compile(
    r"\b(?:since|from|as\s+of|started|began|begun|starting|commencing)(?:\s+(?:on|in|the))*\s*$",
    re.IGNORECASE,
)
_ON_CUE = re.compile(r"\b(?:on|at|dated)\s*$", re.IGNORECASE)


def _role_for(mention: _Mention, prefix: str, status: Status | None) -> _Role:
    if _CONTEXT_CUE.search(prefix):
        return _Role.CONTEXT
    if status is Status.COMPLETE:
        return _Role.COMPLETION
    if mention.kind in (_Kind.AHEAD, _Kind.VAGUE) or _TARGET_CUE.search(prefix):
        return _Role.TARGET
    if mention.kind is _Kind.PAST or _ON_CUE.search(prefix):
        return _Role.CONTEXT
    return _Role.UNCLEAR


def _fmt(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _single(found: dict[date, str], what: str, problems: list[str]) -> date | None:
    if len(found) > 1:
        phrases = " and ".join(f"“{p}”" for p in found.values())
        problems.append(f"It gives more than one {what} ({phrases}), so I won't guess which.")
        return None
    return next(iter(found), None)


@dataclass(frozen=True)
class _Dates:
    completed_on: date | None
    new_due_date: date | None
    problems: tuple[str, ...]


def _assign_dates(scan: str, status: Status | None, today: date) -> _Dates:
    found: dict[_Role, dict[date, str]] = {_Role.COMPLETION: {}, _Role.TARGET: {}}
    problems: list[str] = []
    for mention in _find_dates(scan, today):
        phrase = " ".join(scan[mention.start : mention.end].split())
        role = _role_for(mention, scan[max(0, mention.start - 40) : mention.start], status)
        if role is _Role.UNCLEAR:
            problems.append(
                f"I can't tell what “{phrase}” is for: write “by {phrase}” for a new due date."
            )
        elif role is not _Role.CONTEXT:
            try:
                found[role].setdefault(mention.resolve(role), phrase)
            except _BadDate as bad:
                problems.append(bad.message.format(phrase=phrase))
    completed_on = _single(found[_Role.COMPLETION], "completion date", problems)
    new_due = _single(found[_Role.TARGET], "new due date", problems)
    if completed_on is not None and completed_on > today:
        problems.append(f"The completion date ({_fmt(completed_on)}) is in the future.")
        completed_on = None
    if new_due is not None and new_due < today:
        problems.append(f"The new due date ({_fmt(new_due)}) is in the past.")
        new_due = None
    if status is Status.COMPLETE and not found[_Role.COMPLETION] and not problems:
        completed_on = today
    return _Dates(completed_on, new_due, tuple(problems))


# --- public API --------------------------------------------------------------------------


def parse_update(text: str, *, today: date) -> ProposedUpdate:
    """Read an update written in plain language; refuse (in `problems`) rather than guess."""
    note = text.strip()
    links, scan = _extract_links(note)
    status, problems = _read_status(scan)
    dates = _assign_dates(scan, status, today)
    problems += dates.problems
    if not note:
        problems.append("There is nothing to record: say what happened, e.g. “done on 3 March”.")
    return ProposedUpdate(
        status=status,
        completed_on=dates.completed_on,
        new_due_date=dates.new_due_date,
        links=links,
        note=note,
        problems=tuple(problems),
    )


def describe(p: ProposedUpdate) -> str:
    """Summarise in one paragraph of Slack mrkdwn what an update was understood to mean."""
    head = "No status change" if p.status is None else f"Mark *{p.status.label.lower()}*"
    if p.completed_on is not None:
        head += f", completed {_fmt(p.completed_on)}"
    clauses = [head]
    if p.new_due_date is not None:
        clauses.append(f"new due date {_fmt(p.new_due_date)}")
    if p.links:
        clauses.append(f"{len(p.links)} evidence link{'s' if len(p.links) != 1 else ''}")
    text = "; ".join(clauses) + "."
    if p.note:
        text += " Your words are kept as the progress note."
    if p.problems:
        text += (
            " *I can't save this as it stands:* "
            + escape(" ".join(p.problems))
            + " Use *Edit* to fill in the form, or send the update again."
        )
    return text


def read_date(text: str, *, today: date, completion: bool) -> date:
    """Read one date phrase ("last Friday", "30/09"); raise ValueError saying why not."""
    scan = re.sub(r"^(?:on|by|until|till|at)\s+", "", text.strip(), flags=re.IGNORECASE)
    mentions = _find_dates(scan, today)
    if (
        len(mentions) != 1
        or scan[: mentions[0].start].strip(" ,.")
        or scan[mentions[0].end :].strip(" ,.")
    ):
        raise ValueError(
            f"I couldn't read “{scan[:60]}” as one date; try “last Friday” or 30/09/2026."
        )
    role = _Role.COMPLETION if completion else _Role.TARGET
    try:
        return mentions[0].resolve(role)
    except _BadDate as bad:
        raise ValueError(bad.message.format(phrase=scan)) from None
