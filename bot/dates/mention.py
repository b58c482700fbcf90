"""What a date phrase in an update is: where it is, what it points at, and why it may fail."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.dates.calendar import day_exists


class Role(Enum):
    """What a date in an update is for."""

    COMPLETION = "completion"
    TARGET = "target"
    CONTEXT = "context"  # a date that only tells the story ("since 3 March"); not stored
    UNCLEAR = "unclear"


class Kind(Enum):
    """How a date phrase points in time, which decides its role when no word says."""

    PLAIN = "plain"
    PAST = "past"  # "yesterday", "last Friday", "two weeks ago"
    AHEAD = "ahead"  # "in two weeks": always a target unless the update says complete
    VAGUE = "vague"  # "by September": a month with no day
    PERIOD = "period"  # "last week", "over the summer": a time gone by, but no day


class BadDate(ValueError):
    """A phrase that looks like a date but names no usable day."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Resolver = Callable[[Role], date]


@dataclass(frozen=True)
class Mention:
    """A date phrase found in the text: where it is, and how to resolve it for a role."""

    start: int
    end: int
    kind: Kind
    resolve: Resolver


NOT_A_DATE = "“{phrase}” is not a real date (dates are read day first, like 30/09)."

MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
YEAR = r"(?P<year>\d{4})\b"

# Each builder turns one regex match into a mention, or None when the match is not a date.
Builder = Callable[[re.Match[str], date], "tuple[Kind, Resolver] | None"]


def exact(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadDate(NOT_A_DATE) from None


def nearest(month: int, day: int, today: date, *, back: bool) -> date:
    """Return the most recent (back) or next occurrence of a day and month, today included."""
    if not day_exists(month, day):
        raise BadDate(NOT_A_DATE)
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
