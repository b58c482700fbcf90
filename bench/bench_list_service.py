"""Time the service part of a lead's `/dhr mine` on the load bench's 10,000-action plan.

Run: PYTHONPATH=. python bench/bench_list_service.py [-n 30]
Imports the plan bench_load.py serves into a fresh SQLite file, moves every action to the
benched lead's agency (the lead sees 10,000), and prints the median of `actions.page(lead,
"mine")` in process, with the import's planner statistics, with fresh ones and with none:
what a reply costs before any HTTP, so a slower reply can be told from a slower query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_load

from bot.config import Settings
from bot.services import Services
from storage.db import Database
from storage.repositories.statistics import ANALYZED


def _median_ms(url: str, runs: int) -> tuple[int, float]:
    db = Database(url)
    services = Services(db, Settings(database_url=url), lambda: datetime.now(UTC))
    services.actions.page(bench_load.LEAD, "mine")  # warm: statements built, pages cached
    times = []
    total = 0
    for _ in range(runs):
        start = time.perf_counter()
        total = services.actions.page(bench_load.LEAD, "mine").total
        times.append(time.perf_counter() - start)
    db.dispose()
    return total, statistics.median(times) * 1000


def _execute(url: str, *statements: str) -> None:
    db = Database(url)
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="calls timed per case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        plan = Path(folder) / "bench10k.yaml"
        plan.write_text(bench_load.plan_yaml(bench_load.ACTIONS, "bench"))
        Database(url).upgrade()
        bench_load.timed_import(url, plan)
        bench_load.move_all_to_lead(url)
        total, ms = _median_ms(url, args.n)
        print(f"lead sees {total:,}: import's statistics {ms:.1f} ms")
        _execute(url, *(f"ANALYZE {table}" for table in ANALYZED))
        print(f"lead sees {total:,}: fresh statistics    {_median_ms(url, args.n)[1]:.1f} ms")
        _execute(url, "DROP TABLE sqlite_stat1")
        print(f"lead sees {total:,}: no statistics       {_median_ms(url, args.n)[1]:.1f} ms")


if __name__ == "__main__":
    main()
