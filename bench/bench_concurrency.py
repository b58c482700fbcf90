"""Many people saving at once over the signed HTTP edge: accepted, refused as stale, violations.

Run: PYTHONPATH=. python bench/bench_concurrency.py [--writers 128] [--rounds 3] [--actions 12]
     [--database-url postgresql+psycopg://…]   (default: a fresh SQLite file)
The suite runs the same thing bounded (tests/scenario/test_concurrency.py, 32 writers).
Each round: every writer looks at an action (opens the form, reads a proposal), then all
press Save at once; afterwards every action's replayed history must equal its state, every
accepted save must be stored once and every refused one told. Violations must be 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "scenario")]

from stress import add_writers, check, newest_update, plan, run  # noqa: E402

from bot.app import create_app  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.plans.importer import import_plan  # noqa: E402
from bot.plans.parse import parse_plan  # noqa: E402
from bot.web import wsgi_app  # noqa: E402
from devkit.localslack.server import LocalSlack  # noqa: E402
from devkit.localslack.signing import SignedSender  # noqa: E402
from harness import Bot, ListenerPool, serving  # noqa: E402
from helpers import NOW, FrozenClock  # noqa: E402
from storage.db import Database  # noqa: E402

SECRET = "bench-signing-secret"
LILY = ROOT / "bot" / "data" / "lily.yaml"
REFS = ["1.1", "1.2", "2.1", "3.1", "4.1", "5.1", "6.1", "7.1", "8.1", "1.3", "2.2", "3.2"]


def main() -> None:
    """Run the rounds and print what was accepted, refused and broken."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--actions", type=int, default=1, help="1 = all on one action")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    db = Database(url)
    db.upgrade()
    with db.uow() as session:
        import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
    accepted: Counter[str] = Counter()
    stale, violations = 0, []
    with LocalSlack() as slack:
        settings = Settings(
            slack_bot_token="xoxb-bench",
            slack_signing_secret=SECRET,
            slack_api_url=slack.url,
            dhr_coordinators=("U0COORD",),
            database_url=url,
        )
        listeners = ListenerPool()
        app = create_app(settings, db=db, clock=FrozenClock(NOW), listener_executor=listeners)
        with serving(wsgi_app(app, db)) as root:
            sender = SignedSender(f"{root}/slack/events", SECRET, response_url=slack.response_url)
            bot = Bot(
                f"{root}/slack/events", slack, db, FrozenClock(NOW), sender, settings, listeners
            )
            began = time.monotonic()
            for n in range(args.rounds):
                slack.clear()
                # New people each round: what each was told is found by their user id.
                users = add_writers(bot, args.writers, first=n * args.writers)
                writers = plan(users, REFS[: args.actions])
                for writer in writers:
                    writer.token = f"r{n:02d}{writer.token}"
                since = newest_update(bot)
                run(bot, writers)
                outcome = check(bot, writers, since)
                accepted += outcome.accepted
                stale += outcome.stale
                violations += outcome.violations
            elapsed = time.monotonic() - began
        listeners.shutdown(wait=True)
    print(
        f"database: {db.engine.dialect.name}, writers: {args.writers}, rounds: {args.rounds}, "
        f"actions: {args.actions}, {elapsed:.1f}s"
    )
    print(f"saves accepted: {sum(accepted.values())} {dict(accepted)}")
    print(f"refused as stale: {stale}")
    print(f"invariant violations: {len(violations)}")
    for line in violations[:20]:
        print("  ", line)
    db.dispose()
    sys.exit(1 if violations else 0)


if __name__ == "__main__":
    main()
