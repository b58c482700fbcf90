"""What a plain-language update was understood to mean: fields, their words, their confidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.status import Status


class Confidence(StrEnum):
    """How sure the parser is of one proposed field."""

    CONFIDENT = "confident"
    UNSURE = "unsure"


class Field(StrEnum):
    """A field of an update that the parser can propose."""

    STATUS = "status"
    COMPLETED_ON = "completed_on"
    NEW_DUE_DATE = "new_due_date"
    LINK = "link"
    NOTE = "note"
    STORY = "story"  # a date that only tells the story ("since 3 March"): kept in the note


@dataclass(frozen=True)
class Reading:
    """One proposed field: its value, the words it came from, and how sure the parser is.

    ``source`` is the text as the user wrote it ("" when no words said it, e.g. a completion
    with no date means today); ``reason`` says why the parser is unsure, or how it decided
    when no words said it.
    """

    field: Field
    value: Status | date | str | None
    source: str
    confidence: Confidence = Confidence.CONFIDENT
    reason: str | None = None

    @property
    def confident(self) -> bool:
        """Say whether this field can be saved as it stands."""
        return self.confidence is Confidence.CONFIDENT


@dataclass(frozen=True)
class ProposedUpdate:
    """What a plain-language update was understood to mean, before the user saves it.

    ``status``, ``completed_on``, ``new_due_date`` and ``links`` hold only what the parser is
    confident of; ``readings`` holds every field it considered, sure or not, with its words;
    ``problems`` says in plain words why Save is not offered (empty when it is).
    """

    status: Status | None
    completed_on: date | None
    new_due_date: date | None
    links: tuple[str, ...]
    note: str
    problems: tuple[str, ...]
    readings: tuple[Reading, ...] = ()

    @property
    def savable(self) -> bool:
        """Say whether Save may be offered: every field confident and nothing unexplained."""
        return not self.problems and all(reading.confident for reading in self.readings)

    def reading(self, field: Field) -> Reading | None:
        """Return the first reading of a field, if the parser considered it."""
        return next((r for r in self.readings if r.field is field), None)


def unsure(field: Field, source: str, reason: str, value: Status | date | None = None) -> Reading:
    """Return a reading the parser is not sure of, with the reason in plain words."""
    return Reading(field, value, source, Confidence.UNSURE, reason)
