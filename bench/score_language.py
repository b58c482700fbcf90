"""Score the plain-language parser on the held-out and table sets (issue 12).

Run: PYTHONPATH=. python bench/score_language.py [-v]
(-v lists the table set's rows not understood; the held-out set's rows are never listed, so
nobody tunes the parser on them by accident: read its file by hand only to check a row.)

Each row either expects an exact proposal or `flag` (Save must not be offered). A row is
*understood exactly* when the parser offers Save with exactly the expected fields, or
refuses a row that must be flagged; *flagged* when it refuses (with a reason) a row it
should have understood; *silently wrong* when it offers Save with anything else.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from bot.language import ProposedUpdate, parse_update
from bot.status import Status

DATA = Path(__file__).resolve().parents[1] / "tests" / "bot" / "language"
SETS = {"held-out": DATA / "heldout.yaml", "table": DATA / "table.yaml"}


@dataclass(frozen=True)
class Row:
    """One sentence and what a person would expect the bot to make of it."""

    text: str
    today: date
    flag: str | None
    status: Status | None = None
    completed_on: date | None = None
    due: date | None = None
    links: tuple[str, ...] = ()


@dataclass
class Score:
    """How one set fared."""

    name: str
    exact: list[Row] = field(default_factory=list)
    flagged: list[tuple[Row, ProposedUpdate]] = field(default_factory=list)
    wrong: list[tuple[Row, ProposedUpdate]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return the number of rows scored."""
        return len(self.exact) + len(self.flagged) + len(self.wrong)

    @property
    def exact_share(self) -> float:
        """Return the share of rows understood exactly."""
        return len(self.exact) / self.total if self.total else 0.0


def load(path: Path) -> list[Row]:
    """Read a set of rows from YAML."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = data["today"]
    rows = []
    for case in data["cases"]:
        status = case.get("status")
        rows.append(
            Row(
                text=case["text"],
                today=case.get("today", today),
                flag=case.get("flag"),
                status=Status(status) if status else None,
                completed_on=case.get("completed_on"),
                due=case.get("due"),
                links=tuple(case.get("links") or ()),
            )
        )
    return rows


def matches(row: Row, p: ProposedUpdate) -> bool:
    """Say whether a savable proposal has exactly the expected fields."""
    return (p.status, p.completed_on, p.new_due_date, p.links) == (
        row.status,
        row.completed_on,
        row.due,
        row.links,
    )


def score(name: str, rows: list[Row]) -> Score:
    """Parse every row and sort it into understood exactly, flagged or silently wrong."""
    result = Score(name)
    for row in rows:
        p = parse_update(row.text, today=row.today)
        if not p.savable:
            if row.flag is not None:
                result.exact.append(row)
            else:
                result.flagged.append((row, p))
        elif row.flag is None and matches(row, p):
            result.exact.append(row)
        else:
            result.wrong.append((row, p))
    return result


def score_all() -> list[Score]:
    """Score the held-out set and the table set."""
    return [score(name, load(path)) for name, path in SETS.items()]


def table(scores: list[Score]) -> str:
    """Return the figures as a small plain-text table."""
    lines = [f"{'set':<10}{'rows':>6}{'exact':>8}{'%':>7}{'flagged':>9}{'silently wrong':>16}"]
    for s in scores:
        lines.append(
            f"{s.name:<10}{s.total:>6}{len(s.exact):>8}{100 * s.exact_share:>6.1f}%"
            f"{len(s.flagged):>9}{len(s.wrong):>16}"
        )
    return "\n".join(lines)


def _details(s: Score) -> list[str]:
    lines = []
    for kind, rows in (("FLAGGED", s.flagged), ("WRONG", s.wrong)):
        for row, p in rows:
            got = (p.status, p.completed_on, p.new_due_date, p.links)
            want = "flag" if row.flag else (row.status, row.completed_on, row.due, row.links)
            lines.append(f"[{s.name}] {kind}: {row.text!r}\n    want {want}\n    got  {got}")
            lines += [f"    - {problem}" for problem in p.problems]
    return lines


def main(argv: list[str]) -> int:
    """Print the scores; exit 1 if anything is silently wrong."""
    scores = score_all()
    print(table(scores))
    if "-v" in argv:
        for s in scores:
            if s.name != "held-out":
                print("\n".join(_details(s)))
    return 1 if any(s.wrong for s in scores) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
