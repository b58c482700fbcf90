"""Pieces shared by the YAML and table parsers: the result, review defaults, error wording."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from bot.plans.document import PlanDocument, PlanError

Progress = Callable[[int, int], None]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

# pydantic's own wording for a pattern names a regular expression; people need an example.
_PATTERN_HINTS = {
    "ref": "must look like 1.2 (recommendation number, dot, action number)",
    "slug": "must be lower-case letters, digits and dashes, like lily",
    "code": "must be letters, digits, '-' or '_', like SomFT",
}


@dataclass(frozen=True)
class ParsedPlan:
    """A plan read from a file, with the notes the importer should show."""

    document: PlanDocument
    notes: tuple[str, ...] = ()


def review_slug(path: Path, review: str | None) -> str:
    """Return the review slug: the one given, else the file name made lower-case."""
    if review is not None:
        slug = review.strip()
    else:
        slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40]
    if not _SLUG.match(slug):
        raise PlanError(f"review {slug!r} {_PATTERN_HINTS['slug']}", file=str(path))
    return slug


def default_title(path: Path, review: str | None) -> str:
    """Return "Domestic Homicide Review - <Name>" from the review slug or the file name."""
    name = review if review is not None else path.stem
    words = re.sub(r"[-_]+", " ", name).split()
    return "Domestic Homicide Review - " + " ".join(w[:1].upper() + w[1:] for w in words)


def first_problem(exc: ValidationError) -> tuple[tuple[str | int, ...], str]:
    """Return the location and a readable message of the first problem pydantic found."""
    errors = exc.errors()
    error = errors[0]
    loc = tuple(error["loc"])
    field = str(loc[-1]) if loc else ""
    if error["type"] == "string_pattern_mismatch" and field in _PATTERN_HINTS:
        message = f"{field} {error['input']!r} {_PATTERN_HINTS[field]}"
    elif error["type"] == "missing":
        message = f"missing {field!r}"
    elif error["type"] == "extra_forbidden":
        message = f"unknown field {field!r}"
    elif error["type"] == "string_too_long":
        named = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
        limit = (error.get("ctx") or {}).get("max_length")
        message = f"{named} is {len(str(error['input']))} characters; the limit is {limit}"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem(s))"
    return loc, message


def yaml_path(loc: tuple[str | int, ...]) -> str:
    """Return a location as recommendations[2].actions[0].owner."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
