"""The published table's layout, shared by the Markdown and XLSX exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.plans.rows import PlanRow

HEADERS = (
    "Recommendation",
    "Scope",
    "Action",
    "Lead Agency",
    "Key Milestone",
    "Target Date",
    "Completion date/Outcome",
)


@dataclass(frozen=True)
class TableLine:
    """A theme heading (only `theme` set) or one action's line of the table."""

    theme: str | None
    cells: tuple[str, ...] = ()
    first_of_recommendation: bool = False
    rag: str = ""


def table_lines(rows: list[PlanRow]) -> Iterator[TableLine]:
    """Yield the table: a heading when the theme changes, then one line per action."""
    theme: str | None = None
    number: int | None = None
    for row in rows:
        if row.theme and row.theme != theme:
            theme = row.theme
            yield TableLine(theme=theme)
        first = row.recommendation != number
        number = row.recommendation
        yield TableLine(
            theme=None,
            cells=(
                f"{row.recommendation}. {row.recommendation_text}{_decision(row)}" if first else "",
                row.scope if first else "",
                f"{row.ref} {row.action}{delivered_by(row)}",
                row.lead_agency,
                "\n".join(f"• {m}" for m in row.milestones) if first else "",
                _target(row),
                row.completion_outcome(),
            ),
            first_of_recommendation=first,
            rag=row.rag,
        )


def delivered_by(row: PlanRow) -> str:
    """Return " (delivered by CCG)" when another agency than the lead delivers the action."""
    if not row.delivering_agency or row.delivering_agency == row.lead_agency:
        return ""
    return f" (delivered by {row.delivering_agency})"


DECISIONS = {"agreed": "Agreed", "partly_agreed": "Partly agreed", "not_agreed": "Not agreed"}


def _decision(row: PlanRow) -> str:
    if not row.recommendation_decision:
        return ""
    label = DECISIONS.get(row.recommendation_decision, row.recommendation_decision)
    why = f" — {row.decision_rationale}" if row.decision_rationale else ""
    return f"\nDecision: {label}{why}"


def _target(row: PlanRow) -> str:
    if row.due_date is None or row.target_text == row.due_date.isoformat():
        return row.target_text
    return f"{row.target_text} (by {row.due_date.isoformat()})"
