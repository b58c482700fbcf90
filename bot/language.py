"""Read a plain-language progress update into a proposed change (SPEC "Plain-language updates").

The parser is pure: `today` is passed in, nothing reads the clock, and nothing is stored.
When it cannot be sure what was meant it says why in `problems` instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.dates.phrases import BadDate, Kind, Mention, Role, find_dates
from bot.messages.kit import escape
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


def _role_for(mention: Mention, prefix: str, status: Status | None) -> Role:
    if _CONTEXT_CUE.search(prefix):
        return Role.CONTEXT
    if status is Status.COMPLETE:
        return Role.COMPLETION
    if mention.kind in (Kind.AHEAD, Kind.VAGUE) or _TARGET_CUE.search(prefix):
        return Role.TARGET
    if mention.kind is Kind.PAST or _ON_CUE.search(prefix):
        return Role.CONTEXT
    return Role.UNCLEAR


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
    found: dict[Role, dict[date, str]] = {Role.COMPLETION: {}, Role.TARGET: {}}
    problems: list[str] = []
    for mention in find_dates(scan, today):
        phrase = " ".join(scan[mention.start : mention.end].split())
        role = _role_for(mention, scan[max(0, mention.start - 40) : mention.start], status)
        if role is Role.UNCLEAR:
            problems.append(
                f"I can't tell what “{phrase}” is for: write “by {phrase}” for a new due date."
            )
        elif role is not Role.CONTEXT:
            try:
                found[role].setdefault(mention.resolve(role), phrase)
            except BadDate as bad:
                problems.append(bad.message.format(phrase=phrase))
    completed_on = _single(found[Role.COMPLETION], "completion date", problems)
    new_due = _single(found[Role.TARGET], "new due date", problems)
    if completed_on is not None and completed_on > today:
        problems.append(f"The completion date ({_fmt(completed_on)}) is in the future.")
        completed_on = None
    if new_due is not None and new_due < today:
        problems.append(f"The new due date ({_fmt(new_due)}) is in the past.")
        new_due = None
    if status is Status.COMPLETE and not found[Role.COMPLETION] and not problems:
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
    mentions = find_dates(scan, today)
    if (
        len(mentions) != 1
        or scan[: mentions[0].start].strip(" ,.")
        or scan[mentions[0].end :].strip(" ,.")
    ):
        raise ValueError(
            f"I couldn't read “{scan[:60]}” as one date; try “last Friday” or 30/09/2026."
        )
    role = Role.COMPLETION if completion else Role.TARGET
    try:
        return mentions[0].resolve(role)
    except BadDate as bad:
        raise ValueError(bad.message.format(phrase=scan)) from None
