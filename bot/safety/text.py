"""Clean typed text before it is stored, and neutralise it before it enters a spreadsheet."""

from __future__ import annotations

import re

# Word and Outlook paste line breaks as vertical tab, form feed or Unicode separators.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
# Every other control character (C0 but tab and newline, DEL, C1) goes.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# OWASP's CSV-injection rule: a cell starting with one of these may run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def clean_text(text: str) -> str:
    """Return `text` with line breaks made newlines and other control characters removed."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def spreadsheet_text(text: str) -> str:
    """Return `text` safe for a CSV or XLSX cell: clean, and never read as a formula."""
    cleaned = clean_text(text)
    # Leading blanks do not stop every spreadsheet from reading a formula.
    if cleaned.startswith(_FORMULA_START) or cleaned.lstrip(" \n").startswith(_FORMULA_START):
        return "'" + cleaned
    return cleaned


_NOT_CODE = re.compile(r"[^A-Za-z0-9_.-]")


def shown_code(code: str) -> str:
    """Return a typed agency code fit to echo back: no markup, at most 32 characters."""
    return _NOT_CODE.sub("", code)[:32]
