"""The board report: its data across reviews, its files, its chart, and a backwards range."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.config import Settings
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.report.chart import StatusCharts
from bot.services import Services
from storage.db import Database

ROOT = Path(__file__).resolve().parents[2]
LILY = ROOT / "bot" / "data" / "lily.yaml"
ROSE = ROOT / "tests" / "data" / "plans" / "sar_rose.yaml"
NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


@pytest.fixture
def services(db: Database) -> Services:
    """Lily and Rose imported; the clock at 1 Dec 2026."""
    with db.uow() as session:
        for path in (LILY, ROSE):
            import_plan(parse_plan(path).document, session=session, now=NOW, today=NOW.date())
    return Services(db, Settings(database_url=db.url), lambda: NOW)


def test_the_report_covers_open_reviews_themes_and_the_longest_overdue(
    services: Services,
) -> None:
    report = services.reports.gather(date(2026, 9, 1), date(2026, 12, 1))
    assert [line.slug for line in report.reviews] == ["lily", "rose"]
    rose = report.reviews[1]
    assert (rose.review_type, rose.total, rose.by_status["Not started"]) == ("SAR", 2, 2)
    assert (rose.signed_off_pct, rose.reprogrammed, rose.average_slip_days) == (0.0, 0, 0.0)
    marac = {(i.review, i.number) for i in report.themes["MARAC"]}
    assert {("lily", 1), ("rose", 1)} <= marac
    days = [o.days_overdue for o in report.overdue]
    assert days == sorted(days, reverse=True) and all(d > 0 for d in days)
    assert report.reviews[0].series[-1].day == date(2026, 12, 1)
    assert sum(report.reviews[0].series[-1].rag.values()) == report.reviews[0].total


def test_xlsx_and_pdf_carry_the_columns_and_a_chart_per_review(
    services: Services, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db.url)
    target = tmp_path / "board.xlsx"
    result = CliRunner().invoke(cli, ["report", "--from", "2026-09-01", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(target.read_bytes()))
    header = [c.value for c in book["Reviews"][2]]
    for column in ("% signed off", "Overdue", "Re-programmed", "Average slip (days)"):
        assert column in header
    assert [r[0].value for r in book["Reviews"].iter_rows(min_row=3)] == ["lily", "rose"]
    assert len(book["Charts"]._images) == 2
    pdf = tmp_path / "board.pdf"
    assert CliRunner().invoke(cli, ["report", "-o", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_backwards_range_is_refused_and_nothing_is_written(
    services: Services, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db.url)
    target = tmp_path / "board.pdf"
    result = CliRunner().invoke(
        cli, ["report", "--from", "2026-12-01", "--to", "2026-09-01", "-o", str(target)]
    )
    assert result.exit_code == 1
    assert "runs backwards" in " ".join(result.output.split())
    assert list(tmp_path.iterdir()) == [] or not target.exists()
    assert not list(tmp_path.glob("*.pdf*")) and not list(tmp_path.glob(".board*"))


def test_report_chart_legend_clears_the_axis_labels(services: Services) -> None:
    report = services.reports.gather(date(2026, 9, 1), date(2026, 12, 1))
    charts = StatusCharts([p.day for p in report.reviews[0].series])
    figure = charts.draw(report.reviews[0])
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    legend = charts.legend.get_window_extent(renderer)
    for part in (
        charts.axes.xaxis.get_tightbbox(renderer),
        charts.axes.yaxis.label.get_window_extent(renderer),
        charts.axes.get_window_extent(renderer),
    ):
        assert part is not None and not legend.overlaps(part)
    assert [t.get_text() for t in charts.legend.get_texts()][:2] == ["Complete", "In progress"]
    assert charts.title.get_text().startswith("Domestic Homicide Review - Lily (DHR")
    assert charts.png(report.reviews[0]).startswith(b"\x89PNG")
