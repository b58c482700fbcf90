"""Read the text inside one cell of a plan table.

Cells come from Word/PDF conversions and spreadsheets, so they carry HTML or markdown
remnants, bullets and hand-numbered lists. Rules (also in the parser's report):
- a cell whose first line starts "1 ", "1." or "1)" is a numbered list: a line starting
  with the next number starts the next item, any other line continues the item above;
- otherwise a cell with bullets ("•", "-") has one item per bullet, continuation lines
  joined to it; otherwise every non-empty line is an item of its own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_BREAK_TAG = re.compile(r"<\s*/?\s*(?:br|p|li|div|tr)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BOLD = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SPACES = re.compile(r"[ \t\xa0\u2007\u202f]+")
_BULLET = re.compile(r"^(?:[•·▪◦‣●○■□➢➤✓]\s*|[-–—*]\s+)")
# "1 text", "2. text", "3) text", "2." — but not "1.5 million" or "2023".
_NUMBER = re.compile(r"^(\d{1,2})(?:[.)](?!\d)|(?=\s)|$)\s*(.*)$")
_MARKER = re.compile(r"^\d{1,2}[.)](?!\d)\s*")
_OWNERSHIP = re.compile(r"^ownership\s*[:;\-–]?\s*(.*)$", re.IGNORECASE)
_REC_HEADING = re.compile(
    r"^recommendation\s*(?:no\.?\s*)?(\d{1,3}|[a-z]+)\b[\s:.)\-–]*(.*)$", re.IGNORECASE
)
_REC_NUMBER = re.compile(r"^(\d{1,3})(?:[.):](?!\d)\s*(.*)|\s*$)")
_NAME_SEPARATORS = re.compile(r"\s*(?:[,;/&]|\band\b)\s*", re.IGNORECASE)
_LEAD_CUT = re.compile(r"[/,;&]|\band\b", re.IGNORECASE)
_CODE_CHARS = re.compile(r"[^A-Za-z0-9_-]")
_MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")
_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=1,
    )
}


class CellError(ValueError):
    """A cell whose content cannot be read; the caller adds the row and column."""


@dataclass(frozen=True)
class Item:
    """One entry of a list inside a cell: its number as written (or position) and text."""

    number: int
    text: str


@dataclass(frozen=True)
class RecommendationCell:
    """A recommendation cell: the number in its heading, the text, the owning agencies."""

    number: int | None
    text: str
    ownership: tuple[str, ...]


def cell_lines(raw: str) -> list[str]:
    """Return the non-empty lines of a cell with HTML and markdown remnants removed."""
    if "<" in raw:
        raw = _TAG.sub("", _BREAK_TAG.sub("\n", raw))
    if "&" in raw:
        raw = html.unescape(raw)
    lines = []
    for line in raw.splitlines():
        cleaned = _SPACES.sub(" ", _MD_HEADING.sub("", _BOLD.sub("", line))).strip()
        if cleaned:
            lines.append(cleaned)
    return lines


def clean_text(raw: str) -> str:
    """Return an imported table cell as one line: markup removed, its lines joined."""
    return " ".join(cell_lines(raw))


def strip_bullet(line: str) -> str:
    """Return a line without a leading bullet."""
    return _BULLET.sub("", line, count=1)


def numbered(line: str) -> tuple[int, str] | None:
    """Return (number, rest) when a line starts with a list number like "2." or "3)"."""
    match = _NUMBER.match(strip_bullet(line))
    if match is None:
        return None
    return int(match.group(1)), match.group(2).strip()


def strip_number(text: str) -> str:
    """Return text without a leading "2." or "3)" marker (one action per row)."""
    return _MARKER.sub("", strip_bullet(text), count=1)


def split_items(lines: list[str]) -> tuple[list[Item], str]:
    """Split cell lines into items; return them with the style: numbered, bulleted or lines."""
    if not lines:
        return [], "empty"
    first = numbered(lines[0])
    if first is not None and first[0] == 1:
        return _split_numbered(lines), "numbered"
    if any(_BULLET.match(line) for line in lines):
        return _split_bulleted(lines), "bulleted"
    return [Item(i, line) for i, line in enumerate(lines, start=1)], "lines"


def _split_numbered(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    for line in lines:
        hit = numbered(line)
        if hit is not None and hit[0] == len(items) + 1:
            items.append(Item(*hit))
        else:
            last = items[-1]
            items[-1] = Item(last.number, f"{last.text} {strip_bullet(line)}".strip())
    return items


def _split_bulleted(lines: list[str]) -> list[Item]:
    texts: list[str] = []
    for line in lines:
        if _BULLET.match(line) or not texts:
            texts.append(strip_bullet(line))
        else:
            texts[-1] = f"{texts[-1]} {line}"
    return [Item(i, text) for i, text in enumerate(texts, start=1)]


def list_texts(raw: str) -> tuple[str, ...]:
    """Return the non-empty items of a list cell (milestones)."""
    items, _style = split_items(cell_lines(raw))
    return tuple(item.text for item in items if item.text)


def read_recommendation(raw: str) -> RecommendationCell:
    """Read a recommendation cell: heading number, text, and its "Ownership:" line."""
    owners: list[str] = []
    kept: list[str] = []
    for line in cell_lines(raw):
        match = _OWNERSHIP.match(line)
        if match:
            owners.extend(split_names(match.group(1)))
        else:
            kept.append(line)
    number = None
    if kept:
        number, rest = _heading(kept[0])
        kept = ([rest] if rest else []) + kept[1:]
    return RecommendationCell(number, "\n".join(kept), tuple(owners))


def _heading(line: str) -> tuple[int | None, str]:
    """Return the number a first line announces and what follows it on the line."""
    match = _REC_HEADING.match(line)
    if match:
        word = match.group(1).lower()
        number = int(word) if word.isdigit() else _WORDS.get(word)
        if number is not None:
            return number, match.group(2).strip()
    match = _REC_NUMBER.match(line)
    if match:
        return int(match.group(1)), (match.group(2) or "").strip()
    return None, line


def recommendation_number(raw: str) -> int | None:
    """Return the number in a number-column cell ("4", "4."), None if blank."""
    text = clean_text(raw)
    if not text:
        return None
    number, rest = _heading(text)
    if number is None or rest:
        raise CellError(f"{text!r} is not a recommendation number")
    return number


def split_names(text: str) -> list[str]:
    """Split "Police, CCG, SomFT and Adult Social Care" into agency names."""
    return [name.strip(" .:") for name in _NAME_SEPARATORS.split(text) if name.strip(" .:")]


def lead_name(raw: str) -> str:
    """Return the lead agency named first in a cell ("SSP and agencies ..." -> "SSP")."""
    lines = cell_lines(raw)
    if not lines:
        return ""
    return _LEAD_CUT.split(lines[0], maxsplit=1)[0].strip(" .:")


def agency_for(name: str) -> tuple[str, str]:
    """Return (code, full name) for an agency: a one-word name is the code itself,
    a longer name gets the initials of its capitalised words ("Adult Social Care" -> ASC)."""
    words = name.split()
    if len(words) == 1:
        return _CODE_CHARS.sub("", words[0])[:32], ""
    capitals = [word for word in words if word[:1].isupper() or word[:1].isdigit()]
    initials = "".join(word[0] for word in capitals or words if word[0].isalnum())
    return initials.upper()[:32], name


def read_owners(raw: str) -> tuple[dict[int, str], str | None]:
    """Read an owner cell: numbered lines ("1 U0ABC") per action, or one owner for all."""
    lines = cell_lines(raw)
    if not lines:
        return {}, None
    if numbered(lines[0]) is None:
        return {}, _slack_id(" ".join(lines))
    by_number: dict[int, str] = {}
    for line in lines:
        hit = numbered(line)
        if hit is None:
            raise CellError(
                f"owner line {line!r} should start with its action number, like 2 U0ABC"
            )
        by_number[hit[0]] = _slack_id(hit[1])
    return by_number, None


def _slack_id(text: str) -> str:
    """Accept a pasted mention (<@U0ABC>) as well as a bare user ID."""
    match = _MENTION.match(text.strip())
    return match.group(1) if match else text.strip()
