"""Time `/dhr mine` with 2,000 actions: the HTTP ack, and the reply on the response_url.

Run: PYTHONPATH=. python bench/bench_mine.py [-n 200] [--database-url URL]
(default: a fresh SQLite file in a temporary directory). Everything stays on loopback and
every loop is bounded. The baseline is a signed request to a command the app does not
handle, and GET /healthz, served by the same process in the same run.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from pydantic import SecretStr

from bot.app import create_app
from bot.config import Settings
from bot.plans.document import ActionDoc, AgencyDoc, PlanDocument, RecommendationDoc, ReviewDoc
from bot.plans.importer import import_plan
from bot.web import wsgi_app
from devkit.localslack.server import Call, LocalSlack
from devkit.localslack.signing import SignedSender
from storage.db import Database

NOW = datetime(2026, 11, 26, 10, tzinfo=UTC)
SECRET = "bench-signing-secret"
REVIEWS, RECOMMENDATIONS, ACTIONS_PER_REC = 10, 20, 10  # 2,000 actions
AGENCIES = ("SSP", "Police", "SomFT", "CCG", "ASC", "SSAB", "Probation", "Housing")
TARGETS = ("Autumn 2022", "Dec 22", "Summer 2027", "2027", "Q2 2026/27", "Ongoing", "March 2027")
LEAD = "U0SSPLEAD"  # lead of SSP: sees every SSP action, 250 of them
OWNER = "U0OWNER1"  # owns 40 actions across reviews


def plan(number: int) -> PlanDocument:
    """Return one synthetic review of 200 actions spread over the agencies."""
    recs = []
    for r in range(1, RECOMMENDATIONS + 1):
        actions = []
        for a in range(1, ACTIONS_PER_REC + 1):
            serial = r * ACTIONS_PER_REC + a
            actions.append(
                ActionDoc(
                    ref=f"{r}.{a}",
                    text=f"Action {r}.{a} of review {number}: train staff and audit referrals.",
                    lead=AGENCIES[serial % len(AGENCIES)],
                    milestones=("Milestone one", "Milestone two"),
                    target=TARGETS[serial % len(TARGETS)],
                    outcome="Better outcomes.",
                    owner=OWNER if serial % 50 == 0 else f"U0PERSON{serial % 37:02d}",
                )
            )
        recs.append(RecommendationDoc(number=r, text=f"Recommendation {r}", actions=tuple(actions)))
    agencies = tuple(
        AgencyDoc(
            code=code,
            name=code,
            leads=(LEAD,) if code == "SSP" else (f"U0{code.upper()}LEAD",),
            members=(*(f"U0PERSON{i:02d}" for i in range(37)), OWNER),
        )
        for code in AGENCIES
    )
    review = ReviewDoc(slug=f"bench{number:02d}", title=f"Bench review {number}")
    return PlanDocument(review=review, agencies=agencies, recommendations=tuple(recs))


def populate(db: Database) -> None:
    """Import the synthetic reviews, one unit of work each."""
    for number in range(REVIEWS):
        with db.uow() as session:
            import_plan(plan(number), session=session, now=NOW, today=NOW.date())


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(db: Database, slack: LocalSlack) -> Iterator[str]:
    """Serve the real app on loopback, as the scenario fixture does; yield its root URL."""
    settings = Settings(
        slack_bot_token=SecretStr("xoxb-bench"),
        slack_signing_secret=SecretStr(SECRET),
        slack_api_url=slack.url,
        dhr_coordinators=("U0COORD",),
        database_url=db.url,
    )
    app = create_app(settings, db=db, clock=lambda: NOW)
    server = make_server(
        "127.0.0.1", 0, wsgi_app(app, db), server_class=_Server, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class Replies:
    """Record when each named response_url post arrives."""

    def __init__(self, slack: LocalSlack) -> None:
        self.arrived: dict[str, float] = {}
        self.event = threading.Condition()
        slack.on_call(self._seen)

    def _seen(self, call: Call) -> None:
        if call.method == "response_url" and call.name:
            with self.event:
                self.arrived[call.name] = time.perf_counter()
                self.event.notify_all()

    def wait(self, name: str, timeout: float = 10) -> float:
        """Return the arrival time of `name`'s reply (bounded wait)."""
        deadline = time.monotonic() + timeout
        with self.event:
            while name not in self.arrived:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no reply for {name}")
                self.event.wait(left)
            return self.arrived[name]


def timed(send: Callable[[], int]) -> float:
    """Return the seconds one request took to be answered; it must answer 2xx/404."""
    start = time.perf_counter()
    status = send()
    if status not in (200, 404):
        raise RuntimeError(f"unexpected HTTP status {status}")
    return time.perf_counter() - start


def measure_mine(
    sender: SignedSender, slack: LocalSlack, replies: Replies, user: str, n: int, tag: str = ""
) -> tuple[list[float], list[float]]:
    """Send `/dhr mine` n times as `user`; return ack times and reply times."""
    acks, answers = [], []
    for i in range(n):
        name = f"{tag}{user}-{i}"
        start = time.perf_counter()
        status = sender.command("mine", user_id=user, response_url=slack.response_url(name)).status
        acked = time.perf_counter()
        if status != 200:
            raise RuntimeError(f"/dhr mine answered {status}")
        answers.append(replies.wait(name) - start)
        acks.append(acked - start)
    return acks, answers


def baseline(sender: SignedSender, root: str, n: int) -> tuple[list[float], list[float]]:
    """Time a signed request to an unhandled command, and GET /healthz."""
    other = [
        timed(lambda: sender.command("", user_id=LEAD, command="/unhandled").status)
        for _ in range(n)
    ]

    def health() -> int:
        with urllib.request.urlopen(f"{root}/healthz", timeout=10) as response:
            return int(response.status)

    return other, [timed(health) for _ in range(n)]


def ms(values: list[float]) -> str:
    """Format median and p95 in milliseconds."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def run(url: str, n: int) -> None:
    """Populate, serve and measure; print the figures."""
    db = Database(url)
    db.upgrade()
    started = time.perf_counter()
    populate(db)
    print(
        f"imported {REVIEWS * RECOMMENDATIONS * ACTIONS_PER_REC} actions in "
        f"{time.perf_counter() - started:.1f} s ({db.engine.dialect.name})"
    )
    with LocalSlack() as slack, serving(db, slack) as root:
        sender = SignedSender(f"{root}/slack/events", SECRET, timeout=30)
        replies = Replies(slack)
        measure_mine(sender, slack, replies, OWNER, min(n, 10), tag="warm-")  # warm up
        other, health = baseline(sender, root, n)
        print(f"baseline unhandled command ack: {ms(other)}")
        print(f"baseline GET /healthz:          {ms(health)}")
        for label, user in (("owner (40 actions)", OWNER), ("SSP lead (250 actions)", LEAD)):
            acks, answers = measure_mine(sender, slack, replies, user, n)
            print(f"/dhr mine {label}")
            print(
                f"  time to ack:      {ms(acks)}   "
                f"ratio to baseline {statistics.median(acks) / statistics.median(other):.2f}"
            )
            print(f"  time to reply:    {ms(answers)}")
    db.dispose()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="requests per measurement (≤ 2000)")
    parser.add_argument("--database-url", help="PostgreSQL URL (an empty database)")
    args = parser.parse_args()
    # Bolt logs a suggestion for every unhandled request: the baseline sends hundreds.
    logging.basicConfig(level=logging.ERROR)
    n = max(1, min(args.n, 2000))
    if args.database_url:
        run(args.database_url, n)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", n)


if __name__ == "__main__":
    main()
