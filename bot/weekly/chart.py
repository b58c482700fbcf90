"""The status-by-agency chart: a stacked horizontal bar per agency in RAG colours, as PNG."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.charts import RAG_LABELS, RAG_ORDER, band_style, chart_day, legend_below, new_figure, png
from bot.readmodel.summary import ReviewSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_AGENCIES", "RAG_LABELS", "chart_png", "figure_of"]

MAX_AGENCIES = 30


def figure_of(summary: ReviewSummary) -> Figure:
    """Draw the chart; return the matplotlib Figure (tests measure its parts)."""
    from matplotlib.ticker import MaxNLocator

    agencies = summary.agencies[:MAX_AGENCIES]
    codes = [a.code for a in agencies] or ["(no actions)"]
    figure = new_figure(8, 1.2 + 0.45 * len(codes))
    axes = figure.add_subplot()
    left = [0] * len(codes)
    handles: list[object] = []
    for rag in RAG_ORDER:
        values = [a.rag[rag] for a in agencies] or [0]
        bars = axes.barh(codes, values, left=left, **band_style(rag))
        if any(values):  # an empty category would only crowd the legend
            handles.append(bars)
        left = [x + v for x, v in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("Actions")
    axes.set_title(f"{summary.title}: status by agency, {chart_day(summary.today)}")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    legend_below(figure, handles)
    return figure


def chart_png(summary: ReviewSummary) -> bytes:
    """Render the status of each agency's actions as a stacked horizontal bar chart (PNG)."""
    return png(figure_of(summary))
