"""Find the header row of a plan table and which column holds what.

Headers are matched after normalising (case, spacing, punctuation, markup): first by
exact synonyms, then by a key word ("Compltn date/Outcome" has "outcome").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.plans.document import PlanError
from bot.plans.table_cells import clean_text

LABELS = {
    "number": "No.",
    "recommendation": "Recommendation",
    "ref": "Ref",
    "theme": "Theme",
    "scope": "Scope",
    "ownership": "Ownership",
    "action": "Action",
    "lead": "Lead Agency",
    "milestones": "Key Milestone",
    "target": "Target Date",
    "outcome": "Completion date/Outcome",
    "owner": "Owner",
}
REQUIRED = ("action", "lead", "target")
_HEADER_SEARCH_ROWS = 20

_SYNONYMS = {
    "no": "number",
    "#": "number",
    "number": "number",
    "num": "number",
    "rec no": "number",
    "rec number": "number",
    "recommendation no": "number",
    "recommendation number": "number",
    "action ref": "ref",
    "action no": "ref",
    "action number": "ref",
    "reference": "ref",
    "ref": "ref",
    "action owner": "owner",
    "owner slack id": "owner",
    "slack owner": "owner",
    "lead": "lead",
    "agency": "lead",
    "lead organisation": "lead",
    "due date": "target",
    "target completion date": "target",
}
# Key words in order: the first one a header contains decides its column.
_KEYWORDS = (
    ("ownership", "ownership"),
    ("owner", "owner"),
    ("milestone", "milestones"),
    ("outcome", "outcome"),
    ("target", "target"),
    ("lead", "lead"),
    ("recommendation", "recommendation"),
    ("action", "action"),
    ("ref", "ref"),
    ("scope", "scope"),
    ("theme", "theme"),
)


@dataclass(frozen=True)
class Columns:
    """Where each known column is, and its header as the file writes it."""

    header_row: int
    index: dict[str, int]
    labels: dict[str, str]
    ignored: tuple[str, ...] = ()

    def has(self, key: str) -> bool:
        """Return whether the table has this column."""
        return key in self.index

    def get(self, cells: list[str], key: str) -> str:
        """Return the raw cell of a column in a row ("" if absent)."""
        position = self.index.get(key)
        if position is None or position >= len(cells):
            return ""
        return cells[position] or ""

    def label(self, key: str) -> str:
        """Return the column's header as written in the file (for error messages)."""
        return self.labels.get(key) or LABELS[key]

    def is_header(self, cells: list[str]) -> bool:
        """Return whether a row repeats the header (tables copied from paged documents do)."""
        hits = 0
        for key, position in self.index.items():
            if key != "number" and position < len(cells) and len(cells[position]) < 80:
                hits += column_key(cells[position], position) == key
        return hits >= 3


def normalise(header: str) -> str:
    """Return a header in lower case with punctuation and markup reduced to single spaces."""
    return re.sub(r"[^a-z0-9#]+", " ", clean_text(header).lower()).strip()


def column_key(header: str, position: int) -> str | None:
    """Return which column a header names, or None for a column we do not read."""
    name = normalise(header)
    if not name:
        return "number" if position == 0 else None
    if name in _SYNONYMS:
        return _SYNONYMS[name]
    words = name.split()
    for word, key in _KEYWORDS:
        if any(token.startswith(word) for token in words):
            return key
    return None


def find_columns(rows: list[list[str]], file: str) -> Columns:
    """Find the header row among the first rows and check the required columns are there."""
    best: tuple[int, int] | None = None
    for offset, cells in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        keys = {column_key(cell, i) for i, cell in enumerate(cells)} - {None, "number"}
        if len(keys) >= 3 and "action" in keys:
            best = (offset, len(keys))
            break
        if len(keys) >= 2 and (best is None or len(keys) > best[1]):
            best = (offset, len(keys))
    if best is None:
        raise PlanError(
            "no header row found: expected columns like Recommendation, Action, "
            "Lead Agency, Target Date",
            file=file,
        )
    columns = _columns_of(rows[best[0]], best[0] + 1)
    _check_required(columns, file)
    return columns


def _columns_of(cells: list[str], row: int) -> Columns:
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for position, cell in enumerate(cells):
        key = column_key(cell, position)
        if key is None:
            continue
        if key in index:
            # Exported plans carry both target_text and due_date: the first one is the plan's.
            ignored.append(
                f"column {clean_text(cell)!r} is also read as {LABELS[key]!r}; "
                f"ignored in favour of {labels[key] or LABELS[key]!r}"
            )
            continue
        index[key] = position
        labels[key] = clean_text(cell)
    return Columns(header_row=row, index=index, labels=labels, ignored=tuple(ignored))


def _check_required(columns: Columns, file: str) -> None:
    if not (columns.has("recommendation") or columns.has("ref")):
        raise PlanError(
            "missing required column 'Recommendation' (or 'Ref' for one row per action)",
            file=file,
            row=columns.header_row,
            column=LABELS["recommendation"],
        )
    for key in REQUIRED:
        if not columns.has(key):
            raise PlanError(
                f"missing required column {LABELS[key]!r}",
                file=file,
                row=columns.header_row,
                column=LABELS[key],
            )
