"""Time the weekly summary for 300 reviews, 12,000 actions and 100,000 updates.

Run: PYTHONPATH=. python bench/bench_summary.py [DATABASE_URL]
(default: a fresh SQLite file in a temporary directory).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, insert

from storage.db import Database
from storage.models import Action, Agency, Evidence, Recommendation, Review, Update

REVIEWS, ACTIONS, UPDATES, EVIDENCE = 300, 12_000, 100_000, 20_000
NOW = datetime(2026, 11, 26, 10, tzinfo=UTC)
STATUSES = ("not_started", "in_progress", "at_risk", "blocked", "complete")
AGENCIES = ("SSP", "Police", "SomFT", "CCG", "ASC", "SSAB", "Probation", "Housing")


def populate(db: Database, rng: random.Random) -> None:
    """Insert the plans and their history in bulk."""
    per_review = ACTIONS // REVIEWS
    created = NOW - timedelta(days=400)
    with db.uow() as session:
        session.execute(
            insert(Agency), [{"id": i + 1, "code": c, "name": c} for i, c in enumerate(AGENCIES)]
        )
        session.execute(
            insert(Review),
            [
                {
                    "id": r + 1,
                    "slug": f"review{r:03d}",
                    "title": f"Review {r}",
                    "partnership": "P",
                    "created_at": created,
                }
                for r in range(REVIEWS)
            ],
        )
        session.execute(
            insert(Recommendation),
            [
                {"id": r + 1, "review_id": r + 1, "number": 1, "text": "r", "ownership": []}
                for r in range(REVIEWS)
            ],
        )
        actions, statuses = [], []
        for a in range(ACTIONS):
            status = rng.choice(STATUSES)
            statuses.append(status)
            actions.append(
                {
                    "id": a + 1,
                    "review_id": a // per_review + 1,
                    "recommendation_id": a // per_review + 1,
                    "ref": f"1.{a % per_review + 1}",
                    "position": a % per_review,
                    "text": "Do the thing",
                    "lead_agency_id": rng.randrange(len(AGENCIES)) + 1,
                    "owner_id": f"U{a % 500:04d}",
                    "milestones": [],
                    "target_text": "2026",
                    "target_kind": "date",
                    "due_date": date(2026, 6, 1) + timedelta(days=rng.randrange(400)),
                    "outcome": "",
                    "status": status,
                    "created_at": created,
                }
            )
        session.execute(insert(Action), actions)
        updates = []
        for u in range(UPDATES):
            action = u % ACTIONS
            at = created + timedelta(minutes=rng.randrange(400 * 24 * 60))
            updates.append(
                {
                    "action_id": action + 1,
                    "user_id": "U0001",
                    "created_at": at,
                    "source": "import" if u < ACTIONS else "modal",
                    "status_before": "not_started",
                    "status_after": statuses[action],
                    "note": "",
                }
            )
        session.execute(insert(Update), updates)
        session.execute(
            insert(Evidence),
            [
                {
                    "action_id": rng.randrange(ACTIONS) + 1,
                    "kind": "link",
                    "url": "https://x",
                    "description": "",
                    "added_by": "U0001",
                    "created_at": NOW - timedelta(days=rng.randrange(300)),
                }
                for _ in range(EVIDENCE)
            ],
        )


def main() -> None:
    """Populate a database, then time compute_summaries as of NOW over every review."""
    from bot.weekly.compute import compute_summaries

    url = (
        sys.argv[1]
        if len(sys.argv) > 1
        else f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    )
    db = Database(url)
    db.upgrade()
    started = time.perf_counter()
    populate(db, random.Random(4))
    print(
        f"populated {REVIEWS} reviews, {ACTIONS} actions, {UPDATES} updates "
        f"in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})"
    )
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(db.engine, "before_cursor_execute", count)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        with db.uow() as session:
            summaries = compute_summaries(session=session, as_of=NOW, tz=ZoneInfo("Europe/London"))
        timings.append(time.perf_counter() - started)
    print(
        f"computed {len(summaries)} summaries ({sum(s.total.now for s in summaries)} actions) "
        f"with {statements // 3} statements: best {min(timings):.3f} s, "
        f"worst {max(timings):.3f} s of {len(timings)} runs"
    )
    # Baseline: the same summaries asked for one review at a time, as a per-review job would.
    statements = 0
    started = time.perf_counter()
    with db.uow() as session:
        for summary in summaries:
            compute_summaries(
                session=session, as_of=NOW, tz=ZoneInfo("Europe/London"), review_slug=summary.slug
            )
    baseline = time.perf_counter() - started
    print(
        f"baseline, one review at a time: {baseline:.3f} s with {statements} statements; "
        f"all at once is {baseline / min(timings):.1f}x faster"
    )
    db.dispose()


if __name__ == "__main__":
    main()
