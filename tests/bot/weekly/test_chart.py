"""The status-by-agency chart renders headless to a PNG."""

from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

from matplotlib.image import imread
from sqlalchemy.orm import Session

from bot.weekly.chart import chart_png
from bot.weekly.compute import compute_summaries
from helpers import NOW
from plan_builder import Plan

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_chart_is_a_png_sized_by_the_number_of_agencies(session: Session) -> None:
    plan = Plan(session, agencies=("SSP", "Police", "ASC", "CCG"))
    for i, code in enumerate(("SSP", "Police", "ASC", "CCG", "SSP", "SSP")):
        action = plan.action(agency=code, due=date(2026, 11, 1) if i == 4 else None)
        if i == 0:
            plan.update(action, at=NOW, status="complete")
    [summary] = compute_summaries(session=session, as_of=NOW, tz=ZoneInfo("Europe/London"))
    png = chart_png(summary)
    assert png.startswith(PNG_MAGIC)
    assert 5_000 < len(png) < 500_000
    height, width, _channels = imread(io.BytesIO(png)).shape
    assert width == 800
    assert 1.2 * 100 + 4 * 45 - 1 <= height <= 1.2 * 100 + 4 * 45 + 1


def test_chart_of_a_review_without_actions_still_renders(session: Session) -> None:
    Plan(session, slug="empty")
    [summary] = compute_summaries(session=session, as_of=NOW, tz=ZoneInfo("Europe/London"))
    assert chart_png(summary).startswith(PNG_MAGIC)


def _overlaps(a: object, b: object) -> bool:
    from matplotlib.transforms import Bbox

    return bool(Bbox.intersection(a, b) is not None)  # type: ignore[arg-type]


def test_legend_sits_clear_of_the_axis_label_with_title_and_only_used_categories(
    session: Session,
) -> None:
    from bot.weekly.chart import figure_of

    plan = Plan(session, agencies=("SSP", "Police"))
    plan.update(plan.action(agency="SSP"), at=NOW, status="complete")
    plan.update(plan.action(agency="Police"), at=NOW, status="at_risk")
    [summary] = compute_summaries(session=session, as_of=NOW, tz=ZoneInfo("Europe/London"))
    figure = figure_of(summary)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas
    [legend] = figure.legends
    axes = figure.axes[0]
    label = axes.xaxis.label.get_window_extent(renderer)
    box = legend.get_window_extent(renderer)
    ticks = axes.xaxis.get_tightbbox(renderer)
    assert not _overlaps(box, label) and not _overlaps(box, ticks)
    assert [t.get_text() for t in legend.get_texts()] == ["Complete", "At risk"]
    title = axes.get_title()
    assert title.startswith("Domestic Homicide Review - Lily:") and title.endswith("26 Nov 2026")
