"""File names that are safe in any store, ZIP or file system."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_STEM = 80
_MAX_SUFFIX = 10


def safe_filename(name: str, *, fallback: str = "file") -> str:
    """Return `name` as plain ASCII letters, digits, dots, dashes and underscores."""
    # Keep the letters of accented names ("Résumé" → "Resume") rather than dropping them.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    # Only the last path segment: a name is never a path ("../../etc/passwd" → "passwd").
    ascii_name = re.split(r"[\\/]", ascii_name)[-1]
    cleaned = _UNSAFE.sub("_", ascii_name).strip("._-")
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        stem, suffix = cleaned, ""
    stem = stem.strip("._-")[:_MAX_STEM] or fallback
    suffix = suffix[:_MAX_SUFFIX].lower()
    return f"{stem}.{suffix}" if suffix else stem


def extension(name: str) -> str:
    """Return the lower-case extension of `name` without its dot, or ""."""
    base = re.split(r"[\\/]", name)[-1]
    _, dot, suffix = base.rpartition(".")
    return suffix.lower() if dot and suffix else ""
