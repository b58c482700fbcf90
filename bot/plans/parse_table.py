"""Read a plan kept as a table (CSV or XLSX) into a PlanDocument.

Two layouts, even mixed in one file:
- one row per recommendation, its actions numbered inside the Action cell ("1 ...",
  "2. ...", "3) ..."); they become refs N.1, N.2, ... in order. An Action cell of
  unnumbered lines has one action per line; an empty numbered item is dropped; an empty
  Action cell makes one action N.1 with the recommendation's text. Every action of the
  row gets the row's lead agency, target, outcome and all of its Key Milestone items (a
  milestone cannot in general be matched to one action). An Owner cell is either one
  Slack user ID for all the row's actions or numbered lines ("2 U0ABC") per action.
- one row per action (a Ref column, or the recommendation's cell blank or repeated on the
  following rows): a row without action text is an error; a blank Lead Agency, Key
  Milestone, Target Date or Outcome cell repeats the value above (merged cells).
Agency codes come from the Lead Agency cell and "Ownership:" lines: a one-word name is the
code as written ("SSP", "Police", "SomFT"); a longer name gets the initials of its
capitalised words ("Somerset Safeguarding Adult Board" -> SSAB) and is kept as the name.
The table carries no review metadata: the slug is --review or the file name.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.plans.document import AgencyDoc, PlanDocument, PlanError, ReviewDoc
from bot.plans.files import Rows
from bot.plans.parse_common import ParsedPlan, Progress, default_title, review_slug
from bot.plans.table_builder import TableBuilder
from bot.plans.table_cells import clean_text
from bot.plans.table_columns import find_columns
from bot.plans.table_group import group_rows


def parse_table(
    sheets: list[Rows], *, path: Path, review: str | None, progress: Progress | None
) -> ParsedPlan:
    """Read the plan table (the first sheet with a plan header) into a PlanDocument."""
    file = str(path)
    rows = _plan_sheet(sheets, file)
    columns = find_columns(rows, file)
    grouped = group_rows(rows, columns, file, progress)
    glossary = _glossary([r for sheet in sheets if sheet is not rows for r in sheet])
    glossary.update(_glossary(rows[: columns.header_row]))
    builder = TableBuilder(columns, file, glossary)
    recommendations = tuple(builder.recommendation(rec) for rec in grouped)
    document = PlanDocument(
        review=ReviewDoc(slug=review_slug(path, review), title=default_title(path, review)),
        agencies=tuple(
            AgencyDoc(code=code, name=name, aliases=_aliases(code, name, glossary))
            for code, name in builder.agencies.items()
        ),
        recommendations=recommendations,
    )
    return ParsedPlan(document, columns.ignored + tuple(builder.notes))


_ABBREVIATION = re.compile(r"^[A-Za-z][A-Za-z0-9&-]{1,15}$")


def _glossary(rows: Rows) -> dict[str, str]:
    """Return a glossary's abbreviations and what they stand for ("CCG" -> "Somerset …").

    A glossary row has two cells: a word with at least two capitals, then a longer name.
    """
    found: dict[str, str] = {}
    for cells in rows:
        filled = [clean_text(cell) for cell in cells if clean_text(cell)]
        if len(filled) != 2:
            continue
        short, name = filled
        capitals = sum(ch.isupper() for ch in short)
        if _ABBREVIATION.match(short) and capitals >= 2 and " " in name:
            found[short] = name
    return found


def _aliases(code: str, name: str, glossary: dict[str, str]) -> tuple[str, ...]:
    spelled = glossary.get(code)
    return (spelled,) if spelled and spelled != name else ()


def _plan_sheet(sheets: list[Rows], file: str) -> Rows:
    """Return the first sheet that has a plan header (a glossary sheet may come first)."""
    for rows in sheets if len(sheets) > 1 else ():
        try:
            find_columns(rows, file)
        except PlanError:
            continue
        return rows
    return sheets[0] if sheets else []
