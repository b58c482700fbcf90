"""The status-by-agency chart: a stacked horizontal bar per agency in RAG colours, as PNG."""

from __future__ import annotations

import io

import matplotlib

# Headless: the clock and the web workers have no display.
matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.status import RAG_HEX
from bot.weekly.summary_data import RAG_ORDER, ReviewSummary

RAG_LABELS = {
    "blue": "Complete",
    "green": "In progress",
    "amber": "At risk",
    "red": "Blocked or overdue",
    "grey": "Not started",
}
MAX_AGENCIES = 30


def chart_png(summary: ReviewSummary) -> bytes:
    """Render the status of each agency's actions as a stacked horizontal bar chart (PNG)."""
    agencies = summary.agencies[:MAX_AGENCIES]
    codes = [a.code for a in agencies] or ["(no actions)"]
    # Figure (not pyplot) keeps no global state, so concurrent renders cannot interfere.
    figure = Figure(figsize=(8, 1.2 + 0.45 * len(codes)), dpi=100)
    axes = figure.add_subplot()
    left = [0] * len(codes)
    for rag in RAG_ORDER:
        values = [a.rag[rag] for a in agencies] or [0]
        axes.barh(codes, values, left=left, color=RAG_HEX[rag], label=RAG_LABELS[rag])
        left = [x + v for x, v in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("Actions")
    axes.set_title(f"{summary.slug}: status by agency, {summary.today:%d %b %Y}")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=5, fontsize="small", frameon=False
    )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
