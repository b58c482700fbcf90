"""Build a table plan's recommendations and actions from its grouped rows.

How a row becomes actions (numbered items in one cell, or one row per action with blank
cells repeating the row above) is described in bot.plans.parse_table; this module also
turns agency names into codes and refuses cells holding an identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from bot.plans.document import ActionDoc, PlanError, RecommendationDoc
from bot.plans.parse_common import first_problem
from bot.plans.screen import refusal
from bot.plans.table_cells import (
    CellError,
    Item,
    agency_for,
    cell_lines,
    clean_text,
    lead_name,
    list_texts,
    read_owners,
    split_items,
    split_names,
    strip_number,
)
from bot.plans.table_columns import Columns
from bot.plans.table_group import RecommendationRows, Row
from bot.safety.sensitive import find_sensitive

_AGENCY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
# What the XLSX and Markdown exports add to an action's text: read back, it is delivered_by.
_DELIVERED_BY = re.compile(r"\s*\(delivered by ([A-Za-z0-9][A-Za-z0-9_-]{0,31})\)\s*$")
_SHARED = ("lead", "milestones", "target", "outcome")
_ACTION_COLUMNS = {
    "ref": "ref",
    "text": "action",
    "lead": "lead",
    "milestones": "milestones",
    "target": "target",
    "outcome": "outcome",
    "owner": "owner",
}
_RECOMMENDATION_COLUMNS = {"theme": "theme", "scope": "scope", "ownership": "ownership"}


# "(by 2022-11-30)": the due date the XLSX and Markdown exports add after a target's text.
_EXPORTED_DUE = re.compile(r"\s*\(by \d{4}-\d{2}-\d{2}\)$")


def _leading_ref(number: int, text: str) -> tuple[str, str] | None:
    """Return (ref, rest) when an action's text starts with its own ref ("1.2 Train staff")."""
    found = re.match(rf"{number}\.(\d{{1,3}})(?:\s+|\s*[:\-–]\s*)(?=\S)", text)
    if found is None:
        return None
    return f"{number}.{int(found[1])}", text[found.end() :]


@dataclass(frozen=True)
class _ActionDraft:
    row: int
    ref: str
    text: str
    cells: dict[str, str]
    owner: str | None


class TableBuilder:
    """Build recommendations and actions, collecting agencies and notes on the way."""

    def __init__(self, columns: Columns, file: str, glossary: dict[str, str]) -> None:
        self.columns = columns
        self.file = file
        # A glossary's full names give their abbreviation as the agency code.
        self.by_name = {name.lower(): short for short, name in glossary.items()}
        self.glossary = glossary
        self.notes: list[str] = []
        self.agencies: dict[str, str] = {}
        self._refs: dict[str, int] = {}
        self._clashes: set[tuple[str, str]] = set()

    def recommendation(self, rec: RecommendationRows) -> RecommendationDoc:
        """Return one recommendation with its actions."""
        if not rec.cell.text:
            raise self._error(rec.row, "recommendation", f"recommendation {rec.number} has no text")
        ownership = self._ownership(rec)
        self._screen(rec.row, "recommendation", rec.cell.text)
        actions = tuple(self._action(draft) for draft in self._drafts(rec))
        try:
            return RecommendationDoc(
                number=rec.number,
                theme=rec.theme,
                text=rec.cell.text,
                scope=clean_text(self.columns.get(rec.rows[0].cells, "scope")),
                ownership=ownership,
                actions=actions,
            )
        except ValidationError as exc:
            loc, message = first_problem(exc)
            key = _RECOMMENDATION_COLUMNS.get(str(loc[0]), "recommendation")
            raise self._error(rec.row, key, message) from exc

    def _drafts(self, rec: RecommendationRows) -> list[_ActionDraft]:
        if self.columns.has("ref") or len(rec.rows) > 1:
            return self._row_per_action(rec)
        return self._numbered_in_cell(rec)

    def _numbered_in_cell(self, rec: RecommendationRows) -> list[_ActionDraft]:
        """Read a row per recommendation, its actions listed in the Action cell."""
        row, number = rec.rows[0], rec.number
        items, style = split_items(cell_lines(self.columns.get(row.cells, "action")))
        for item in items:
            if not item.text:
                self.notes.append(
                    f"recommendation {number}: action item {item.number} is empty; "
                    f"dropped (row {row.number})"
                )
        kept = [item for item in items if item.text]
        if not kept:
            kept = [Item(1, rec.cell.text)]
            self.notes.append(
                f"recommendation {number} has no separate action; imported as {number}.1 "
                f"with the recommendation's text (row {row.number})"
            )
        elif style == "lines" and len(kept) > 1:
            self.notes.append(
                f"recommendation {number}: {len(kept)} unnumbered lines in "
                f"{self.columns.label('action')!r} read as {len(kept)} actions "
                f"{number}.1-{number}.{len(kept)} (row {row.number})"
            )
        by_number, common = self._owners(row)
        unknown = sorted(set(by_number) - {item.number for item in kept})
        if unknown:
            raise self._error(row.number, "owner", f"owner line {unknown[0]} names no action")
        cells = {key: self.columns.get(row.cells, key) for key in _SHARED}
        # Items that each start with their own ref ("6.2 Act on it") keep those refs.
        stated = [_leading_ref(number, item.text) for item in kept]
        drafts = []
        for k, item in enumerate(kept, start=1):
            own = stated[k - 1]
            ref, text = own if own is not None and all(stated) else (f"{number}.{k}", item.text)
            drafts.append(
                _ActionDraft(row.number, ref, text, cells, by_number.get(item.number, common))
            )
        return drafts

    def _row_per_action(self, rec: RecommendationRows) -> list[_ActionDraft]:
        """Read one action per row; blank shared cells repeat the row above."""
        drafts: list[_ActionDraft] = []
        cells: dict[str, str] = {}
        minor = 0
        for row in rec.rows:
            text = clean_text(self.columns.get(row.cells, "action"))
            stated = clean_text(self.columns.get(row.cells, "ref"))
            if not stated and (leading := _leading_ref(rec.number, text)):
                stated, text = leading  # "5.10 Train staff": the ref is the action's own
            text = strip_number(text)
            if not text:
                raise self._error(row.number, "action", "the row has no action text")
            cells = {key: self._cell_or(row, key, cells) for key in _SHARED}
            minor = max(minor, int(stated.partition(".")[2])) if stated else minor + 1
            by_number, owner = self._owners(row)
            if by_number:
                raise self._error(row.number, "owner", "one action per row takes one owner")
            drafts.append(_ActionDraft(row.number, f"{rec.number}.{minor}", text, cells, owner))
        return drafts

    def _cell_or(self, row: Row, key: str, above: dict[str, str]) -> str:
        raw = self.columns.get(row.cells, key)
        return raw if clean_text(raw) else above.get(key, "")

    def _owners(self, row: Row) -> tuple[dict[int, str], str | None]:
        try:
            return read_owners(self.columns.get(row.cells, "owner"))
        except CellError as exc:
            raise self._error(row.number, "owner", str(exc)) from exc

    def _action(self, draft: _ActionDraft) -> ActionDoc:
        name = lead_name(draft.cells["lead"])
        if not name:
            raise self._error(draft.row, "lead", "no lead agency")
        lead = self._agency(name, draft.row, "lead")
        self._claim_ref(draft)
        self._screen(draft.row, "action", draft.text)
        for key in ("milestones", "target", "outcome"):
            self._screen(draft.row, key, draft.cells[key])
        text, delivered_by = draft.text, None
        if found := _DELIVERED_BY.search(text):
            text, delivered_by = text[: found.start()], self._agency(found[1], draft.row, "action")
        try:
            return ActionDoc(
                ref=draft.ref,
                text=text,
                lead=lead,
                delivered_by=delivered_by,
                milestones=list_texts(draft.cells["milestones"]),
                target=_EXPORTED_DUE.sub("", clean_text(draft.cells["target"])),
                outcome=clean_text(draft.cells["outcome"]),
                owner=draft.owner,
            )
        except ValidationError as exc:
            loc, message = first_problem(exc)
            key = _ACTION_COLUMNS.get(str(loc[0]), "action")
            raise self._error(draft.row, key, message) from exc

    def _claim_ref(self, draft: _ActionDraft) -> None:
        first = self._refs.setdefault(draft.ref, draft.row)
        if first != draft.row:
            key = "ref" if self.columns.has("ref") else "action"
            raise self._error(draft.row, key, f"duplicate ref {draft.ref} (also row {first})")

    def _ownership(self, rec: RecommendationRows) -> tuple[str, ...]:
        names = list(rec.cell.ownership)
        names += split_names(clean_text(self.columns.get(rec.rows[0].cells, "ownership")))
        codes = [self._agency(name, rec.row, "recommendation") for name in names]
        return tuple(dict.fromkeys(codes))

    def _agency(self, name: str, row: int, key: str) -> str:
        """Return the agency code for a name, remembering the full name for the agency list."""
        code, full_name = agency_for(name)
        if name.lower() in self.by_name:
            code, full_name = self.by_name[name.lower()], name
        elif code in self.glossary and not full_name:
            full_name = self.glossary[code]
        if not _AGENCY_CODE.match(code):
            raise self._error(row, key, f"cannot make an agency code from {name!r}")
        known = self.agencies.get(code)
        if not known:
            self.agencies[code] = full_name
        elif full_name and full_name != known and (code, full_name) not in self._clashes:
            self._clashes.add((code, full_name))
            self.notes.append(
                f"agency code {code} stands for both {known!r} and {full_name!r} (row {row}); "
                f"using {known!r}"
            )
        return code

    def _screen(self, row: int, key: str, text: str) -> None:
        """Refuse a cell holding an identifier (tables carry no protected names of their own)."""
        finding = find_sensitive(text)
        if finding is not None:
            raise self._error(row, key, refusal(finding))

    def _error(self, row: int, key: str, message: str) -> PlanError:
        return PlanError(message, file=self.file, row=row, column=self.columns.label(key))
