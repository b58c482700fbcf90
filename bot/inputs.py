"""What a person submits, validated without the database: each problem is a field error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.errors import InvalidInput
from bot.language import read_date
from bot.safety.links import link_problem as safe_link_problem
from bot.status import Status

NOTE_LIMIT = 3000
LINK_LIMIT = 2000
DESCRIPTION_LIMIT = 500
MAX_LINKS = 10


@dataclass(frozen=True)
class FileRef:
    """A Slack file uploaded as evidence."""

    id: str
    name: str
    permalink: str | None = None


@dataclass(frozen=True)
class UpdateInput:
    """One update to an action, as submitted; `status` None keeps the current status."""

    status: Status | None = None
    note: str = ""
    completed_on: date | None = None
    new_due_date: date | None = None
    links: tuple[str, ...] = ()
    files: tuple[FileRef, ...] = ()
    request_id: str | None = None  # from a Save button: the same press is stored once
    # The action's version (newest update id) the person saw; None saves without the check.
    seen: int | None = None
    impact: str = ""  # what changed, for whom, and how we know (with Complete)


def link_problem(link: str) -> str | None:
    """Return why a link cannot be evidence, or None when it can (bot.safety.links decides)."""
    return safe_link_problem(link)


def _date_errors(
    data: UpdateInput, today: date, errors: dict[str, str], current: Status | None
) -> None:
    complete = data.status is Status.COMPLETE
    # An action already complete keeps the date it has (plans record some as "Implemented").
    completing = complete and current is not Status.COMPLETE
    if data.completed_on is not None and data.completed_on > today:
        errors["completed_on"] = "The completion date can't be in the future."
    elif completing and data.completed_on is None:
        errors["completed_on"] = "Give the date it was completed (or say when, e.g. last Friday)."
    elif data.completed_on is not None and not complete:
        errors["completed_on"] = "A completion date goes with the status Complete."
    if data.new_due_date is not None and data.new_due_date < today:
        errors["new_due_date"] = "A new target date can't be in the past."
    if complete and data.new_due_date is not None:
        errors["new_due_date"] = "A completed action needs no new target date."


def _link_errors(data: UpdateInput, errors: dict[str, str]) -> None:
    if len(data.links) > MAX_LINKS:
        errors["links"] = f"At most {MAX_LINKS} links at a time."
    bad = [problem for link in data.links if (problem := link_problem(link))]
    if bad:
        errors["links"] = bad[0]


def check_update(
    data: UpdateInput, *, today: date, current: Status | None = None
) -> dict[str, str]:
    """Return field → message for everything wrong with an update (empty when it can be saved).

    `current` is the action's status when known: marking an action complete needs a date and
    an outcome or evidence; a note on an action that is already complete does not.
    """
    errors: dict[str, str] = {}
    if len(data.note) > NOTE_LIMIT:
        errors["note"] = f"The note is {len(data.note)} characters; the limit is {NOTE_LIMIT}."
    _date_errors(data, today, errors, current)
    errors.update(impact_errors(data.impact, data.status))
    _link_errors(data, errors)
    has_evidence = bool(data.note.strip() or data.links or data.files)
    if data.status is Status.COMPLETE and current is not Status.COMPLETE and not has_evidence:
        errors.setdefault("note", "To mark it complete, add an outcome note or some evidence.")
    if not (data.status or data.new_due_date or has_evidence):
        errors.setdefault("note", "There is nothing to save: choose a status or write a note.")
    return errors


def impact_errors(impact: str, status: Status | None) -> dict[str, str]:
    """Return field → message for an impact statement that cannot be stored."""
    if len(impact) > NOTE_LIMIT:
        return {"impact": f"The impact statement is {len(impact)} characters; the limit is "
                f"{NOTE_LIMIT}."}  # fmt: skip
    if impact.strip() and status is not Status.COMPLETE:
        return {"impact": "An impact statement goes with the status Complete."}
    return {}


def validate_update(
    data: UpdateInput, *, today: date, current: Status | None = None
) -> UpdateInput:
    """Return the update unchanged, or raise InvalidInput naming each bad field."""
    errors = check_update(data, today=today, current=current)
    if errors:
        raise InvalidInput(errors)
    return data


def read_when(text: str, *, status: Status | None, today: date) -> tuple[date | None, str | None]:
    """Read the form's free-text "when": a completion date for Complete, else a new target."""
    if not text.strip():
        return None, None
    try:
        return read_date(text, today=today, completion=status is Status.COMPLETE), None
    except ValueError as exc:
        return None, str(exc)
