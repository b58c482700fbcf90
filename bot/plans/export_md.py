"""The plan as a Markdown table, laid out like the published action plan."""

from __future__ import annotations

from typing import IO

from bot.plans.layout import HEADERS, table_lines
from bot.plans.rows import PlanRow


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def write_markdown(rows: list[PlanRow], review: str, out: IO[str]) -> None:
    """Write the plan as a Markdown document with one table in the seed's column order."""
    out.write(f"# Action plan — {review}\n\n")
    out.write("| " + " | ".join(HEADERS) + " |\n")
    out.write("|" + "---|" * len(HEADERS) + "\n")
    for line in table_lines(rows):
        if line.theme is not None:
            out.write(f"| **{_md(line.theme)}** |" + " |" * (len(HEADERS) - 1) + "\n")
        else:
            out.write("| " + " | ".join(_md(cell) for cell in line.cells) + " |\n")
