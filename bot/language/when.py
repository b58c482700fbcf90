"""Decide what each date in an update is for: the completion, a new due date, or the story.

Day first, in the partnership's time zone, with ``today`` passed in (docs/plain-language.md).
A date whose purpose the words do not make clear is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.dates.calendar import for_people
from bot.dates.phrases import BadDate, Kind, Mention, Role, find_dates
from bot.language.model import Field, Reading, unsure
from bot.status import Status

_TARGET_CUE = re.compile(
    r"\b(?:by|until|till|til|to|before|due|deadline|target|expected|for|now|rescheduled|moved"
    r"|extended|date|aiming\s+for)(?:\s+(?:date|is|on|of|for|to|the|now|until|w/c))*"
    r"\s*[:\-–]?\s*$"
    r"|\b(?:due|expected|aim(?:ing)?|planned|scheduled)\s+to\s+(?:be\s+)?(?:finish|finished"
    r"|complete|completed|end|conclude|close|deliver|delivered|done|go|report|present|launch"
    r"|publish|return|be\s+[a-z]+ed)(?:\s+[a-z]+){0,3}?(?:\s+(?:by|on|at))?\s*$",
    re.IGNORECASE,
)
# Words that make a date the action's new due date even without a status word.
_STRONG_TARGET = re.compile(
    r"\b(?:due|deadline|target|revised|rescheduled|moved|pushed\s+back|put\s+back|extended"
    r"|deferred|postponed|expected|new\s+date|aim(?:ing)?)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"(?:^|[.;!?]|\s[-–]\s)\s*$")
_CONTEXT_CUE = re.compile(
    r"\b(?:since|from|as\s+of)(?:\s+(?:on|in|the))*\s*$",
    re.IGNORECASE,
)
_STORY_CUE = re.compile(
    r"\b(?:started|began|begun|starting|commencing|(?:originally|was|were|previously|initially)"
    r"\s+(?:due|planned|set|targeted)(?:\s+(?:for|on|by))?|(?:arranged|booked|scheduled"
    r"|planned|set\s+up|fixed|organised|organized)\s+(?:for|on))\s*[:\-–]?\s*$",
    re.IGNORECASE,
)
_ON_CUE = re.compile(r"\b(?:on|at|dated)\s*$", re.IGNORECASE)
# "by the next board", "moved to next financial year": a time, but not a date.
_NOT_A_DATE = re.compile(
    r"\b(?:by|before|until|till|to|for|at|due|deadline|target|in)\s+(?:the\s+)?(?:next|following"
    r"|coming)\s+(?:financial\s+year|year|month|week|quarter|board|meeting|panel|marac|committee"
    r"|sab|csp|cycle|round)(?:\s+(?:meeting|board))?\b"
    r"|\b(?:pushed\s+back|moved|put\s+back|deferred|postponed|delayed|rescheduled|extended)"
    r"\s+(?:to|until|till)\s+after\s+(?:the\s+)?[a-z]+",
    re.IGNORECASE,
)

# Words asking for a new due date: with no date read after them, the update says why.
_NAMED_TARGET = re.compile(
    r"\b(?:new|revised|extended|changed|amended)\s+(?:due\s+|target\s+|end\s+)?date\b",
    re.IGNORECASE,
)


@dataclass
class DateReading:
    """The dates read from an update as proposed fields."""

    readings: list[Reading] = field(default_factory=list)
    completed_on: date | None = None
    new_due_date: date | None = None


def read_dates(scan: str, status: Status | None, today: date, *, partial: bool) -> DateReading:
    """Return the completion date and new due date an update gives, or say why not."""
    result = DateReading()
    found: dict[Role, dict[date, str]] = {Role.COMPLETION: {}, Role.TARGET: {}}
    mentions = find_dates(scan, today)
    periods: list[tuple[str, str]] = []  # "last week" said of a completion: (phrase, why)
    for mention in mentions:
        _read_mention(mention, scan, status, result, found, periods)
    for m in _NOT_A_DATE.finditer(scan):
        said = " ".join(m.group(0).split())
        result.readings.append(
            unsure(
                Field.NEW_DUE_DATE,
                said,
                f"I can't read “{said}” as a date: give the day, e.g. “by 14 December”.",
            )
        )
    for phrase, why in periods:  # the story around a day given, or the only "when": refused
        if found[Role.COMPLETION]:
            result.readings.append(Reading(Field.STORY, None, phrase))
        else:
            result.readings.append(unsure(Field.COMPLETED_ON, phrase, why))
    result.completed_on = _single(result, found[Role.COMPLETION], Field.COMPLETED_ON, today)
    result.new_due_date = _single(result, found[Role.TARGET], Field.NEW_DUE_DATE, today)
    if status is not Status.COMPLETE:  # a completed action needs no new due date
        _check_named_target(result, scan)
    _check_together(result, status, today, partial=partial, dated=bool(mentions))
    return result


def _read_mention(
    mention: Mention,
    scan: str,
    status: Status | None,
    result: DateReading,
    found: dict[Role, dict[date, str]],
    periods: list[tuple[str, str]],
) -> None:
    """Give one date phrase its role: a reading, a date found, or a period to decide later."""
    phrase = " ".join(scan[mention.start : mention.end].split())
    role, why = _role_for(mention, scan, status)
    if role is Role.COMPLETION and mention.kind is Kind.PERIOD:
        try:
            mention.resolve(role)
        except BadDate as bad:
            periods.append((phrase, bad.message.format(phrase=phrase)))
        return
    if role is Role.UNCLEAR:
        try:  # a day that does not exist is said first: suggesting it would not help
            mention.resolve(Role.TARGET)
        except BadDate as bad:
            why = bad.message.format(phrase=phrase)
        result.readings.append(unsure(Field.NEW_DUE_DATE, phrase, why))
    elif role is Role.CONTEXT:
        result.readings.append(Reading(Field.STORY, None, phrase))
    else:
        target = Field.COMPLETED_ON if role is Role.COMPLETION else Field.NEW_DUE_DATE
        try:
            found[role].setdefault(mention.resolve(role), phrase)
        except BadDate as bad:
            result.readings.append(unsure(target, phrase, bad.message.format(phrase=phrase)))


def _role_for(mention: Mention, scan: str, status: Status | None) -> tuple[Role, str]:
    prefix = scan[max(0, mention.start - 40) : mention.start]
    phrase = " ".join(scan[mention.start : mention.end].split())
    unclear = f"I can't tell what “{phrase}” is for: write “by {phrase}” for a new due date."
    if _STORY_CUE.search(prefix):
        return Role.CONTEXT, ""
    if status is Status.COMPLETE:
        return Role.COMPLETION, ""
    if _CONTEXT_CUE.search(prefix):
        return Role.CONTEXT, ""
    cue = _TARGET_CUE.search(prefix)
    if mention.kind in (Kind.AHEAD, Kind.VAGUE) or cue:
        if status is not None or mention.kind is not Kind.PLAIN or cue is None:
            return Role.TARGET, ""
        before = prefix[: cue.start()]
        if _STRONG_TARGET.search(cue.group(0)) or _STRONG_TARGET.search(before):
            return Role.TARGET, ""
        if _CLAUSE_START.search(before):
            return Role.TARGET, ""
        return Role.UNCLEAR, (
            f"Is “{phrase}” the action's new due date? Without a status I can't tell: "
            f"write “new due date {phrase}”."
        )
    if mention.kind in (Kind.PAST, Kind.PERIOD) or _ON_CUE.search(prefix):
        return Role.CONTEXT, ""
    return Role.UNCLEAR, unclear


def _check_named_target(result: DateReading, scan: str) -> None:
    """Say so when an update asks for a new due date but gives none the reader understood."""
    named = _NAMED_TARGET.search(scan)
    if named is None or any(r.field is Field.NEW_DUE_DATE for r in result.readings):
        return
    said = " ".join(named.group(0).split())
    result.readings.append(
        unsure(
            Field.NEW_DUE_DATE,
            said,
            f"It asks for a “{said}” but gives no date I can read: write it like "
            "“new due date 30/06/2028” or “new due date 30 June 2028”.",
        )
    )


def _single(result: DateReading, found: dict[date, str], what: Field, today: date) -> date | None:
    label = "completion date" if what is Field.COMPLETED_ON else "new due date"
    if len(found) > 1:
        phrases = " and ".join(f"“{p}”" for p in found.values())
        reason = f"It gives more than one {label} ({phrases}), so I won't guess which."
        result.readings.append(unsure(what, " … ".join(found.values()), reason))
        return None
    if not found:
        return None
    day, phrase = next(iter(found.items()))
    if what is Field.COMPLETED_ON and day > today:
        reason = f"The completion date ({for_people(day)}) is in the future."
    elif what is Field.NEW_DUE_DATE and day < today:
        reason = f"The new due date ({for_people(day)}) is in the past."
    else:
        result.readings.append(Reading(what, day, phrase))
        return day
    result.readings.append(unsure(what, phrase, reason, day))
    return None


def _check_together(
    result: DateReading, status: Status | None, today: date, *, partial: bool, dated: bool
) -> None:
    """Refuse dates that do not fit the status: a part finished, or complete with a target."""
    if partial:
        for i, reading in enumerate(result.readings):
            if reading.field in (Field.COMPLETED_ON, Field.NEW_DUE_DATE) and reading.confident:
                result.readings[i] = unsure(
                    reading.field,
                    reading.source,
                    f"Only part of the work is finished, so I can't tell whether “"
                    f"{reading.source}” is for the whole action.",
                    reading.value if isinstance(reading.value, date) else None,
                )
        result.completed_on = result.new_due_date = None
    if status is not Status.COMPLETE:
        return
    if result.new_due_date is not None:
        result.readings.append(
            unsure(
                Field.NEW_DUE_DATE,
                next(r.source for r in result.readings if r.field is Field.NEW_DUE_DATE),
                "It says complete and gives a new due date; a completed action needs none.",
            )
        )
        result.new_due_date = None
    if result.completed_on is None and not any(r.field is not Field.STORY for r in result.readings):
        if dated:
            result.readings.append(
                unsure(
                    Field.COMPLETED_ON,
                    "",
                    "It says complete but not on which day: add it (e.g. “done on 3 March”), "
                    "or “done today”.",
                )
            )
        else:
            result.completed_on = today
            result.readings.append(
                Reading(Field.COMPLETED_ON, today, "", reason="no date given, so today")
            )
