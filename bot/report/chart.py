"""Each review's status over the period: a stacked area in the shared RAG style, as PNG.

A report draws hundreds of these over the same days, so the frame (axes, dates, the share
of actions, the legend) is drawn once and kept; each review then draws only its bands and
title over a copy of it. The bands show each status's share of the review's actions, so
the axis is the same for every review and the count goes in the title.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.charts import RAG_ORDER, band_style, chart_day, new_figure
from bot.report.model import ReviewLine

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from PIL import Image

WIDTH, HEIGHT, DPI = 7.0, 2.4, 80


class StatusCharts:
    """Draws one review's status-over-time chart after another on one prepared frame."""

    def __init__(self, days: Sequence[date]) -> None:
        from matplotlib.patches import Patch
        from matplotlib.ticker import PercentFormatter

        self.days = list(days) or [date.today()]
        self.xs = [float(i) for i in range(len(self.days))]
        if len(self.xs) == 1:  # one day still gets an area, not a line
            self.xs = [0.0, 1.0]
            self.days = self.days * 2
        self.figure: Figure = new_figure(WIDTH, HEIGHT, dpi=DPI, constrained=False)
        self.axes = self.figure.add_axes((0.09, 0.36, 0.84, 0.5))
        self.title = self.axes.set_title("", fontsize=9)
        self.axes.set_ylabel("Share of actions", fontsize=8)
        self.axes.tick_params(labelsize=7)
        self.axes.set_xlim(self.xs[0], self.xs[-1])
        self.axes.set_ylim(0, 100)
        self.axes.yaxis.set_major_formatter(PercentFormatter())
        self.axes.set_yticks([0, 25, 50, 75, 100])
        self.axes.set_xticks(self.xs, [chart_day(d) for d in self.days])
        self.bands: dict[str, Any] = {}
        for rag in RAG_ORDER:
            self.bands[rag] = self.axes.fill_between(self.xs, 0.0, 0.0, **band_style(rag))
            self.bands[rag].set_animated(True)
        self.title.set_animated(True)
        handles = [Patch(**band_style(rag)) for rag in RAG_ORDER]
        # Below the tick labels, in figure coordinates: never on the axes or their labels.
        self.legend = self.figure.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncols=5,
            fontsize=7,
            frameon=False,
        )
        canvas = self.figure.canvas
        canvas.draw()
        self.frame = canvas.copy_from_bbox(self.figure.bbox)  # type: ignore[attr-defined]

    def draw(self, review: ReviewLine) -> Figure:
        """Draw one review's bands and title over the frame; return the figure."""
        points = list(review.series) or []
        if len(points) == 1:
            points = points * 2
        below = [0.0] * len(self.xs)
        for rag in RAG_ORDER:
            counts = [float(p.rag.get(rag, 0)) for p in points] or [0.0] * len(self.xs)
            totals = [float(sum(p.rag.values())) or 1.0 for p in points] or [1.0] * len(self.xs)
            top = [b + 100 * c / t for b, c, t in zip(below, counts, totals, strict=True)]
            outline = list(zip(self.xs, below, strict=True)) + list(
                zip(reversed(self.xs), reversed(top), strict=True)
            )
            self.bands[rag].set_verts([outline])
            below = top
        self.title.set_text(
            f"{review.title} ({review.review_type}, {review.total} actions): status over the period"
        )
        canvas = self.figure.canvas
        canvas.restore_region(self.frame)  # type: ignore[attr-defined]
        for rag in RAG_ORDER:
            self.axes.draw_artist(self.bands[rag])
        self.axes.draw_artist(self.title)
        return self.figure

    def image(self, review: ReviewLine) -> Image.Image:
        """Return one review's chart as an RGB image."""
        from PIL import Image

        self.draw(review)
        canvas = self.figure.canvas
        width, height = canvas.get_width_height()
        rgba = canvas.buffer_rgba()  # type: ignore[attr-defined]
        return Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")

    def png(self, review: ReviewLine) -> bytes:
        """Return one review's chart as PNG bytes."""
        out = io.BytesIO()
        self.image(review).save(out, format="PNG", compress_level=1)
        return out.getvalue()


def review_charts(reviews: Sequence[ReviewLine]) -> Iterator[tuple[ReviewLine, StatusCharts]]:
    """Yield each review with the charts drawer ready to give its chart (as image or PNG)."""
    if not reviews:
        return
    charts = StatusCharts([p.day for p in reviews[0].series])
    for review in reviews:
        yield review, charts
