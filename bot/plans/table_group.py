"""Group the data rows of a plan table into recommendations.

A row starts a new recommendation when its Recommendation cell is filled and differs from
the one above (or its number does); a row with a blank or repeated Recommendation cell adds
an action to the recommendation above. With a Ref column, a row belongs to the
recommendation its ref names. A row whose only filled cell is the first one ("MARAC",
"Training") is a theme heading for the recommendations below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.plans.document import PlanError
from bot.plans.parse_common import Progress
from bot.plans.table_cells import (
    CellError,
    RecommendationCell,
    cell_lines,
    clean_text,
    read_recommendation,
    recommendation_number,
)
from bot.plans.table_columns import Columns

_THEME_MAX_LENGTH = 60


@dataclass(frozen=True)
class Row:
    """A data row and its number as a spreadsheet shows it."""

    number: int
    cells: list[str]


@dataclass
class RecommendationRows:
    """A recommendation, its number, theme and the rows that hold its actions."""

    row: int
    number: int
    raw: str
    cell: RecommendationCell
    theme: str
    rows: list[Row] = field(default_factory=list)


class Grouper:
    """Collect rows into recommendations, in file order."""

    def __init__(self, columns: Columns, file: str) -> None:
        self.columns = columns
        self.file = file
        self.theme = ""
        self.recommendations: list[RecommendationRows] = []
        self._by_number: dict[int, RecommendationRows] = {}

    def add(self, row: Row) -> None:
        """Place one data row: skip it, take it as a theme, or add it to a recommendation."""
        cells = row.cells
        if not any(cell.strip() for cell in cells) or self.columns.is_header(cells):
            return
        if _is_theme(cells):
            self.theme = clean_text(cells[0])
            return
        self._recommendation_for(row).rows.append(row)

    def _recommendation_for(self, row: Row) -> RecommendationRows:
        raw = self.columns.get(row.cells, "recommendation")
        cell = read_recommendation(raw)
        stated = self._stated_number(row, cell)
        ref = self._ref_number(row)
        current = self.recommendations[-1] if self.recommendations else None
        if ref is not None:
            if stated is not None and stated != ref:
                raise self._error(row, "ref", f"the ref is not under recommendation {stated}")
            known = self._by_number.get(ref)
            if known is not None and (not raw.strip() or raw == known.raw):
                return known
            return self._start(row, raw, cell, ref)
        starts = bool(raw.strip()) and (current is None or raw != current.raw)
        if starts or (current is not None and stated not in (None, current.number)):
            return self._start(row, raw, cell, stated)
        if current is None:
            raise self._error(row, "recommendation", "an action comes before any recommendation")
        return current

    def _start(
        self, row: Row, raw: str, cell: RecommendationCell, number: int | None
    ) -> RecommendationRows:
        if number is None:
            number = self.recommendations[-1].number + 1 if self.recommendations else 1
        known = self._by_number.get(number)
        if known is not None:
            raise self._error(
                row,
                "recommendation",
                f"recommendation {number} appears twice (rows {known.row} and {row.number})",
            )
        theme = clean_text(self.columns.get(row.cells, "theme")) or self.theme
        rec = RecommendationRows(row.number, number, raw, cell, theme)
        self.recommendations.append(rec)
        self._by_number[number] = rec
        return rec

    def _stated_number(self, row: Row, cell: RecommendationCell) -> int | None:
        """Return the number from the number column or the cell's heading; they must agree."""
        try:
            column = recommendation_number(self.columns.get(row.cells, "number"))
        except CellError as exc:
            raise self._error(row, "number", str(exc)) from exc
        if column is not None and cell.number is not None and column != cell.number:
            raise self._error(
                row,
                "recommendation",
                f"the number column says {column} but the cell says {cell.number}",
            )
        return column if column is not None else cell.number

    def _ref_number(self, row: Row) -> int | None:
        """Return the recommendation number of the row's ref, None without one."""
        ref = clean_text(self.columns.get(row.cells, "ref"))
        if not ref:
            return None
        major, dot, minor = ref.partition(".")
        if not (dot and major.isdigit() and minor.isdigit() and int(major) >= 1):
            raise self._error(row, "ref", f"ref {ref!r} must look like 1.2")
        return int(major)

    def _error(self, row: Row, key: str, message: str) -> PlanError:
        return PlanError(message, file=self.file, row=row.number, column=self.columns.label(key))


def _is_theme(cells: list[str]) -> bool:
    """Return whether only the first cell is filled, with a short heading in it."""
    if not cells or not cells[0].strip() or any(cell.strip() for cell in cells[1:]):
        return False
    lines = cell_lines(cells[0])
    if len(lines) != 1 or len(lines[0]) > _THEME_MAX_LENGTH or lines[0][0].isdigit():
        return False
    return read_recommendation(cells[0]).number is None


def group_rows(
    rows: list[list[str]], columns: Columns, file: str, progress: Progress | None
) -> list[RecommendationRows]:
    """Group the rows below the header into recommendations, reporting progress per row."""
    grouper = Grouper(columns, file)
    data = rows[columns.header_row :]
    total = len(data)
    for offset, cells in enumerate(data, start=1):
        grouper.add(Row(columns.header_row + offset, [cell or "" for cell in cells]))
        if progress is not None:
            progress(offset, total)
    if not grouper.recommendations:
        raise PlanError("no recommendations found below the header row", file=file)
    return grouper.recommendations
