"""What the HTML and the PDF share: dates in words, and each evidence item's place in the pack."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.evidence.names import safe_filename
from bot.pack.model import PackEvidence, PackReview

NOT_IN_STORE = "Not in the store: the file was recorded but its copy is missing."
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue", "grey": "Grey"}


def day(value: date | None) -> str:
    """Return a date as "1 Dec 2026", or "—" when there is none."""
    if value is None:
        return "—"
    return f"{value.day} {value:%b %Y}"


def moment(value: datetime | date) -> str:
    """Return a timeline time as "1 Dec 2026 14:05" (or just the day)."""
    if isinstance(value, datetime):
        return f"{day(value.date())} {value:%H:%M}"
    return day(value)


def size(value: int | None) -> str:
    """Return a file size in words a reader can compare."""
    if value is None:
        return "—"
    if value < 1000:
        return f"{value} bytes"
    if value < 1_000_000:
        return f"{value / 1000:.0f} kB"
    return f"{value / 1_000_000:.1f} MB"


def rag_word(rag: str) -> str:
    """Return the RAG rating as a word, so no reader depends on colour."""
    return RAG_WORDS.get(rag.lower(), rag.title() or "None")


@dataclass(frozen=True)
class Placed:
    """An evidence item and where its file is: a path inside the pack, or why it is not."""

    evidence: PackEvidence
    path: str | None
    state: str


@dataclass(frozen=True)
class Placement:
    """Every evidence item's place, and the files to put in the pack by path."""

    items: dict[tuple[str, int], Placed]
    files: dict[str, bytes]


def _unique(path: str, taken: set[str]) -> str:
    stem, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix:
        stem, suffix = path, ""
    candidate, n = path, 2
    while candidate in taken:
        candidate = f"{stem}-{n}.{suffix}" if suffix else f"{stem}-{n}"
        n += 1
    return candidate


def _state(item: PackEvidence, content: bytes | None) -> str:
    if content is None:
        return NOT_IN_STORE
    if item.sha256 and hashlib.sha256(content).hexdigest() != item.sha256:
        return "In the pack, but ALTERED: its SHA-256 differs from the one recorded."
    return "In the pack."


def _not_kept(item: PackEvidence) -> str:
    if item.note_if_not_copied:
        return f"Not copied: {item.note_if_not_copied}"
    return "A link, not a file." if item.url else "Recorded without a file."


def place_evidence(review: PackReview, files: Callable[[str], bytes | None]) -> Placement:
    """Fetch each stored file once and give it a unique, safe path under evidence/."""
    items: dict[tuple[str, int], Placed] = {}
    contents: dict[str, bytes] = {}
    by_key: dict[str, tuple[str | None, str]] = {}
    taken: set[str] = set()
    for rec in review.recommendations:
        for action in rec.actions:
            for index, item in enumerate(action.evidence):
                if not item.stored_key:
                    items[(action.ref, index)] = Placed(item, None, _not_kept(item))
                    continue
                if item.stored_key not in by_key:
                    content = files(item.stored_key)
                    path: str | None = None
                    if content is not None:
                        name = safe_filename(item.filename or item.stored_key.rsplit("/", 1)[-1])
                        path = _unique(f"evidence/{safe_filename(action.ref)}-{name}", taken)
                        taken.add(path)
                        contents[path] = content
                    by_key[item.stored_key] = (path, _state(item, content))
                path, state = by_key[item.stored_key]
                items[(action.ref, index)] = Placed(item, path, state)
    return Placement(items=items, files=contents)
