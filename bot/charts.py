"""The one chart style of the weekly summary and the board report: RAG colours with hatches.

matplotlib is imported inside the functions: the web worker never draws a chart and must
not pay for (or depend on) importing it.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.dates.calendar import for_people
from bot.status import RAG_HEX

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# In stacking order. Each band has a colour for the screen and a hatch for greyscale print.
RAG_ORDER = ("blue", "green", "amber", "red", "grey")
RAG_LABELS = {
    "blue": "Complete",
    "green": "In progress",
    "amber": "At risk",
    "red": "Blocked or overdue",
    "grey": "Not started",
}
HATCHES = {"blue": "", "green": "//", "amber": "..", "red": "xx", "grey": "\\\\"}
EDGE = "#212121"


def chart_day(value: date) -> str:
    """Return a date as charts show it, the way messages do: Tue 1 Dec 2026."""
    return for_people(value)


def new_figure(width: float, height: float, *, dpi: int = 100, constrained: bool = True) -> Figure:
    """Return a headless figure (no pyplot, so concurrent renders share no state)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained" if constrained else None)
    FigureCanvasAgg(figure)  # so tests (and anyone) can draw and measure it
    return figure


def band_style(rag: str) -> dict[str, Any]:
    """Return the fill of one RAG band: its colour, a hatch, and an edge that shows in grey."""
    return {
        "facecolor": RAG_HEX[rag],
        "hatch": HATCHES[rag],
        "edgecolor": EDGE,
        "linewidth": 0.4,
        "label": RAG_LABELS[rag],
    }


def legend_below(figure: Figure, handles: list[Any]) -> Any:
    """Put the legend under the plot, outside the axes and their labels; None when empty."""
    if not handles:
        return None
    return figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(len(handles), 5),
        fontsize="small",
        frameon=False,
    )


def png(figure: Figure, *, fast: bool = False) -> bytes:
    """Return the figure as PNG bytes."""
    buffer = io.BytesIO()
    if fast:  # quicker to compress, a little larger: for reports with hundreds of charts
        figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    else:
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
