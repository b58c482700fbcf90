"""Time the board report over 300 open reviews (10 actions each), as XLSX and as PDF.

Run: PYTHONPATH=. python bench/bench_report.py [--reviews 300] [--database-url URL]
(default: a fresh SQLite file in a temporary directory). Reports the gather (database),
and each format's build with its 300 charts.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings
from bot.plans.document import ActionDoc, AgencyDoc, PlanDocument, RecommendationDoc, ReviewDoc
from bot.plans.importer import import_plan
from bot.services import Services
from storage.db import Database
from storage.models import Action, Update

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
THEMES = ("MARAC", "Training", "Housing", "Information sharing", "Mental health", "")
STATUSES = ("in_progress", "at_risk", "blocked", "complete")


def plan(number: int) -> PlanDocument:
    """Return one review of 5 recommendations with 2 actions each."""
    recs = [
        RecommendationDoc(
            number=r,
            theme=THEMES[(number + r) % len(THEMES)],
            text=f"Agencies to review their procedure number {r} for review {number}.",
            actions=tuple(
                ActionDoc(
                    ref=f"{r}.{a}",
                    text=f"Action {r}.{a} of review {number}",
                    lead="SSP",
                    target=("March 2026", "Dec 2026", "Summer 2027")[(r + a) % 3],
                )
                for a in (1, 2)
            ),
        )
        for r in range(1, 6)
    ]
    return PlanDocument(
        review=ReviewDoc(slug=f"r{number:04d}", title=f"Review {number}", type="DHR"),
        agencies=(AgencyDoc(code="SSP"),),
        recommendations=tuple(recs),
    )


def populate(db: Database, reviews: int) -> None:
    """Import the reviews, then give most actions a few status changes over the quarter."""
    with db.uow() as session:
        for number in range(reviews):
            import_plan(
                plan(number), session=session, now=NOW - timedelta(days=200), today=NOW.date()
            )
        for i, action in enumerate(session.query(Action).all()):
            for step in range(i % 4):
                status = STATUSES[(i + step) % len(STATUSES)]
                session.add(
                    Update(
                        action_id=action.id, user_id="U0BENCH", source="command",
                        created_at=NOW - timedelta(days=80 - 20 * step),
                        status_before=action.status, status_after=status, note="",
                    )
                )  # fmt: skip
                action.status = status


def main() -> None:
    """Build the report twice (XLSX, PDF) and print the timings."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        db = Database(url)
        db.upgrade()
        populate(db, args.reviews)
        clock: Clock = lambda: NOW  # noqa: E731
        services = Services(db, Settings(database_url=url), clock)
        start = time.perf_counter()
        report = services.reports.gather(date(2026, 9, 1), NOW.date())
        gathered = time.perf_counter() - start
        print(f"{len(report.reviews)} open reviews gathered in {gathered:.2f} s")
        for fmt in ("xlsx", "pdf"):
            # CPU time too: on a shared machine the wall clock also counts others' work.
            start, cpu = time.perf_counter(), time.process_time()
            built = services.reports.build(fmt, date(2026, 9, 1), NOW.date())
            took, used = time.perf_counter() - start, time.process_time() - cpu
            print(f"{fmt}: {took:.2f} s in all ({used:.2f} s CPU), {len(built.content):,} bytes")
        db.dispose()


if __name__ == "__main__":
    main()
