"""Side by side: a bare Bolt app against the bot's `/dhr mine`, under gunicorn, on loopback.

Run: `make bench`, or PYTHONPATH=. python bench/bench_load.py [--postgres URL] [-n 800]
Both apps run under gunicorn with 2 workers x 8 threads and talk to the same fake Web API
(devkit.localslack). 16 clients send signed slash commands, first in a closed loop (each
waits for the reply on its response_url before sending the next, as a person would), then
in an open loop (--rate commands a second, the same schedule for every app, so an app that
answers sooner is not sent more). A second baseline, the bot's shape with no work, shows
what acking first costs in each loop. The plan has 10,000 actions in
one review with leads rotating over 30 agencies (the benched lead sees 333), then every
action is moved to the lead's agency (the lead sees 10,000). Also timed: importing the
10,000-action YAML, a 1,000-action XLSX, the weekly summary (bench_summary.py), the
command line, and each worker's RSS after the run. Every loop and wait is bounded.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, cast

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "bench-signing-secret"
ACTIONS, AGENCIES, PER_REC = 10_000, 30, 20
LEAD = "U0LEAD00"  # leads agency A00: every 30th action, 333 of them
CLIENTS = 16
ACK_LIMIT = 3.0  # Slack gives up on an ack after 3 seconds
REPLY_WAIT = 15.0  # how long a client waits for a reply before sending its next command
TARGETS = ("Autumn 2022", "Dec 22", "Summer 2027", "2027", "Q2 2026/27", "Ongoing", "March 2027")


def plan_yaml(actions: int, slug: str) -> str:
    """Return a plan of `actions` actions whose leads rotate over the agencies."""
    lines = [
        "review:",
        f"  slug: {slug}",
        f"  title: Bench review {slug}",
        "agencies:",
    ]
    for a in range(AGENCIES):
        lines += [
            f"  - code: A{a:02d}",
            f"    name: Agency {a}",
            f"    leads: [U0LEAD{a:02d}]",
            f"    members: [U0MEMBER{a:02d}]",
        ]
    lines.append("recommendations:")
    for r in range(actions // PER_REC):
        lines += [f"  - number: {r + 1}", f"    text: Recommendation {r + 1}", "    actions:"]
        for i in range(PER_REC):
            serial = r * PER_REC + i
            lines += [
                f'      - ref: "{r + 1}.{i + 1}"',
                f"        text: Action {serial} - train staff and audit the referrals.",
                f"        lead: A{(serial + 1) % AGENCIES:02d}",
                f"        target: '{TARGETS[serial % len(TARGETS)]}'",
                f"        owner: U0PERSON{serial % 37:02d}",
            ]
    return "\n".join(lines) + "\n"


# -- databases -------------------------------------------------------------------------------


@contextmanager
def database(kind: str, postgres: str, folder: Path, name: str) -> Iterator[str]:
    """Yield the URL of a fresh, empty database of `kind`, dropped afterwards (PostgreSQL)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / (name + '.sqlite3')}"
        return
    import psycopg

    admin = postgres.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    base = postgres.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def timed_import(url: str, path: Path, review: str | None = None) -> float:
    """Parse and import a plan file into `url` in one unit of work; return the seconds."""
    from bot.plans.importer import import_plan
    from bot.plans.parse import parse_plan
    from storage.db import Database

    db = Database(url)
    db.upgrade()
    now = datetime.now(UTC)
    started = time.perf_counter()
    parsed = parse_plan(path, review=review)
    with db.uow() as session:
        import_plan(parsed.document, session=session, now=now, today=now.date())
    spent = time.perf_counter() - started
    db.dispose()
    return spent


def xlsx_of(url: str, slug: str, path: Path) -> None:
    """Export an imported review as XLSX, the spreadsheet a coordinator would import."""
    from bot.config import Settings
    from bot.plans.export import write_file
    from bot.services import Services
    from storage.db import Database

    db = Database(url)
    services = Services(db, Settings(database_url=url), lambda: datetime.now(UTC))
    write_file(services.plans.rows(slug), slug, "xlsx", path)
    db.dispose()


def move_all_to_lead(url: str) -> None:
    """Make the benched lead's agency the lead of every action."""
    from storage.db import Database

    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE action SET lead_agency_id = (SELECT id FROM agency WHERE code = 'A00')")
        )
    db.dispose()


# -- serving ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(target: str, env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """Serve `target` with 2 workers x 8 threads, logging to `log`; yield (URL, master pid)."""
    port = free_port()
    logfile = log.open("a")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers=2",
            "--threads=8",
            "--timeout=60",
            f"--bind=127.0.0.1:{port}",
            "--pythonpath=bench",
            "--log-level=warning",
            target,
        ],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=logfile,
        stderr=logfile,
    )
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {target} exited with {process.returncode}")
            try:
                urllib.request.urlopen(f"{root}/ready", timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # served: a 404 is an answer
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {target} did not start") from None
                time.sleep(0.1)
        yield f"{root}/slack/events", process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        logfile.close()


def worker_rss(master: int) -> list[float]:
    """Return each gunicorn worker's resident set in MB."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        if found:
            sizes.append(int(found.group(1)) / 1024)
    return sizes


# -- load ------------------------------------------------------------------------------------


@dataclass
class Load:
    """What one load run saw."""

    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    sent: int = 0
    failed: int = 0
    busy: int = 0
    seconds: float = 0.0

    def count(self, status: int, body: str, took: float) -> bool:
        """Record one ack; tell whether a reply should follow (accepted and not busy)."""
        busy = "busy" in body.lower()  # answered in the ack itself
        self.sent += 1
        self.busy += busy
        if status != 200 or took > ACK_LIMIT:
            self.failed += 1
        self.acks.append(took)
        return status == 200 and not busy


def run_load(
    url: str, slack: object, user: str, total: int, tag: str, rate: float | None = None
) -> Load:
    """Send `total` signed `/dhr mine` from 16 clients; time the acks and the replies.

    Closed loop (`rate` None): each client waits for its reply before its next command, so
    an app that answers sooner is sent more. Open loop: command i is due at i / `rate`
    seconds whoever answered what; times run from when it was due, so a late send counts.
    """
    from devkit.localslack.signing import SignedSender

    sender = SignedSender(url, SECRET, timeout=10)
    starts: dict[str, float] = {}
    arrived: dict[str, float] = {}
    bodies: dict[str, str] = {}
    lock = threading.Condition()
    result = Load()
    counter = iter(range(total))

    def seen(call: object) -> None:
        name = getattr(call, "name", None)
        if getattr(call, "method", "") == "response_url" and name and name.startswith(tag):
            with lock:
                arrived[name] = time.perf_counter()
                bodies[name] = str(getattr(call, "args", {}).get("text", ""))[:40]
                lock.notify_all()

    unsubscribe = slack.on_call(seen)  # type: ignore[attr-defined]

    def client(number: int) -> None:
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            name = f"{tag}-{number}-{index}"
            start = time.perf_counter()
            if rate:
                start = began + index / rate
                time.sleep(max(0.0, start - time.perf_counter()))
            with lock:
                starts[name] = start
            status, body = _send(sender, slack, user, name)
            took = time.perf_counter() - start
            with lock:
                answered = result.count(status, body, took)
                # A person waits for the answer before typing the next command.
                if not rate and answered:
                    lock.wait_for(partial(arrived.__contains__, name), REPLY_WAIT)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    with quiet_collector():
        began = time.perf_counter()  # the schedule starts once the collector is settled
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        _collect(result, lock, starts, arrived, bodies)
    result.seconds = time.perf_counter() - began
    unsubscribe()
    return result


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Keep this process's garbage collector out of the timings of a run.

    The clients and the fake Web API share this process, and it holds every call the apps
    made so far: a full collection here took ~50 ms with every client stopped, and was
    timed as the app's ack. A run allocates a bounded amount, so the collector waits.
    """
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def _send(sender: Any, slack: object, user: str, name: str) -> tuple[int, str]:
    """Send one signed `/dhr mine`; return the HTTP status (0: no answer) and body."""
    try:
        answer = sender.command(
            "mine",
            user_id=user,
            response_url=slack.response_url(name),  # type: ignore[attr-defined]
        )
    except OSError:
        return 0, ""
    return answer.status, answer.body


def _collect(
    result: Load,
    lock: threading.Condition,
    starts: dict[str, float],
    arrived: dict[str, float],
    bodies: dict[str, str],
) -> None:
    """Wait (bounded) for the replies still on their way; record their times."""
    deadline = time.monotonic() + 15
    with lock:
        while len(arrived) < len(starts) and time.monotonic() < deadline:
            lock.wait(0.2)
        for name, start in starts.items():
            if name in arrived:
                result.replies.append(arrived[name] - start)
                if bodies[name].lower().startswith("busy"):
                    result.busy += 1


def pct(values: list[float], q: float) -> float:
    """Return the q-quantile in milliseconds (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def describe(load: Load) -> dict[str, float]:
    """Summarise a load run in milliseconds."""
    return {
        "ack_p50": pct(load.acks, 0.5),
        "ack_p95": pct(load.acks, 0.95),
        "ack_p99": pct(load.acks, 0.99),
        "reply_p50": pct(load.replies, 0.5),
        "reply_p95": pct(load.replies, 0.95),
        "sent": load.sent,
        "failed": load.failed,
        "no_reply": load.sent - len(load.replies),
        "busy": load.busy,
        "seconds": load.seconds,
    }


def serve_and_load(url: str, args: argparse.Namespace, folder: Path) -> dict[str, object]:
    """Bench the bare apps and the bot against one populated database, closed and open loop."""
    from devkit.localslack.server import LocalSlack

    figures: dict[str, object] = {}
    n, n_all, rate = args.n, args.n_all, args.rate
    with LocalSlack() as slack:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.url,
            "DATABASE_URL": url,
            "DHR_COORDINATORS": "U0COORD",
            "LOG_LEVEL": "WARNING",
        }
        log = folder / "gunicorn.log"
        for key, target in (
            ("bare", "bare_app:application()"),
            ("deferred", "bare_app:deferred_application()"),
        ):
            with gunicorn(target, env, log) as (events, master):
                run_load(events, slack, LEAD, 64, f"warm-{key}")
                figures[key] = describe(run_load(events, slack, LEAD, n, key))
                figures[f"{key}_open"] = describe(
                    run_load(events, slack, LEAD, n, f"open-{key}", rate)
                )
                figures[f"{key}_rss"] = worker_rss(master)
        with gunicorn("bare_app:stack_application()", env, log) as (events, master):
            run_load(events, slack, LEAD, 64, "warm-stack")
            figures["stack_rss"] = worker_rss(master)
        with gunicorn("bot.web:production_app()", env, log) as (events, master):
            run_load(events, slack, LEAD, 64, "warm-bot")
            figures["bot"] = describe(run_load(events, slack, LEAD, n, "bot"))
            figures["bot_open"] = describe(run_load(events, slack, LEAD, n, "open-bot", rate))
            figures["bot_rss"] = worker_rss(master)
            move_all_to_lead(url)
            figures["bot_all"] = describe(run_load(events, slack, LEAD, n_all, "all"))
            figures["bot_all_open"] = describe(
                run_load(events, slack, LEAD, n_all, "open-all", rate)
            )
    return figures


# -- the rest --------------------------------------------------------------------------------


def wall(args: list[str], env: dict[str, str], runs: int = 5) -> float:
    """Return the best wall time of a command, in seconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def import_time(module: str) -> float:
    """Return the cumulative import time of `module` in seconds (python -X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for line in reversed(done.stderr.splitlines()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1e6
    return float("nan")


def cli_timings(folder: Path) -> dict[str, float]:
    """Time `dhr-bot --help`, `dhr-bot plan` on the Lily plan, and importing bot.cli."""
    url = f"sqlite:///{folder / 'lily.sqlite3'}"
    env = {"DATABASE_URL": url}
    subprocess.run(
        [str(BIN / "dhr-bot"), "import", "bot/data/lily.yaml"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    return {
        "help": wall([str(BIN / "dhr-bot"), "--help"], env),
        "plan": wall([str(BIN / "dhr-bot"), "plan", "--review", "lily"], env),
        "import_bot_cli": import_time("bot.cli"),
        "import_bot_web": import_time("bot.web"),
    }


def summary_time(url: str) -> float:
    """Run bench_summary.py on `url`; return its best time in seconds."""
    done = subprocess.run(
        [sys.executable, "bench/bench_summary.py", url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    found = re.search(r"best ([0-9.]+) s", done.stdout)
    return float(found.group(1)) if found else float("nan")


def bench_database(kind: str, args: argparse.Namespace, folder: Path) -> dict[str, object]:
    """Every figure that depends on the database."""
    figures: dict[str, object] = {}
    plan = folder / "bench10k.yaml"
    plan.write_text(plan_yaml(ACTIONS, "bench"))
    small = folder / "bench1k.yaml"
    small.write_text(plan_yaml(1000, "small"))
    with database(kind, args.postgres, folder, "h4_bench") as url:
        figures["import_10k"] = timed_import(url, plan)
        figures["reimport_10k"] = timed_import(url, plan)
        print(f"  {kind}: imported 10,000 actions in {figures['import_10k']:.1f} s", flush=True)
        figures.update(serve_and_load(url, args, folder))
    if args.loads_only:
        return figures
    with database(kind, args.postgres, folder, "h4_bench_xlsx") as url:
        timed_import(url, small)
        sheet = folder / "bench1k.xlsx"
        xlsx_of(url, "small", sheet)
        figures["import_xlsx_1k"] = timed_import(url, sheet, review="sheet")
    if not args.skip_summary:
        with database(kind, args.postgres, folder, "h4_bench_summary") as url:
            figures["summary"] = summary_time(url)
    return figures


# -- report ----------------------------------------------------------------------------------


def ratio(a: float, b: float) -> str:
    return f"{b / a:.1f}×" if a else "-"


def _load_rows(what: str, bare: dict[str, float], bot: dict[str, float]) -> list[str]:
    """Return the ack, reply and failure rows of one load run against the bare app's."""
    return [
        f"| ack p50 / p99, {what} | {bare['ack_p50']:.1f} / {bare['ack_p99']:.1f} ms | "
        f"{bot['ack_p50']:.1f} / {bot['ack_p99']:.1f} ms | "
        f"{ratio(bare['ack_p50'], bot['ack_p50'])} / {ratio(bare['ack_p99'], bot['ack_p99'])} |",
        f"| reply p50, {what} | {bare['reply_p50']:.1f} ms | {bot['reply_p50']:.1f} ms | "
        f"{ratio(bare['reply_p50'], bot['reply_p50'])} |",
        f"| failed (ack > 3 s or error) / no reply / busy, {what} | "
        f"{bare['failed']:.0f} / {bare['no_reply']:.0f} of {bare['sent']:.0f} | "
        f"{bot['failed']:.0f} / {bot['no_reply']:.0f} / {bot['busy']:.0f} of {bot['sent']:.0f} | |",
    ]


def table(results: dict[str, dict[str, object]], cli: dict[str, float], rate: float) -> str:
    """Return the figures as a Markdown table with ratios."""
    rows = ["| | bare Bolt | the bot | ratio |", "|---|---|---|---|"]
    for kind, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        fig = results.get(kind)
        if not fig:
            continue
        for loop, suffix in (("closed loop", ""), (f"open loop {rate:g}/s", "_open")):
            bare: dict[str, float] = fig[f"bare{suffix}"]  # type: ignore[assignment]
            for key, who in (("bot", "lead sees 333"), ("bot_all", "lead sees 10,000")):
                bot: dict[str, float] = fig[f"{key}{suffix}"]  # type: ignore[assignment]
                rows += _load_rows(f"{label}, {loop}, {who}", bare, bot)
            shape: dict[str, float] = fig[f"deferred{suffix}"]  # type: ignore[assignment]
            rows.append(
                f"| reply p50, {label}, {loop}: the bot's shape with no work "
                f"(`bare_app:deferred_application`) | {bare['reply_p50']:.1f} ms | "
                f"{shape['reply_p50']:.1f} ms | {ratio(bare['reply_p50'], shape['reply_p50'])} |"
            )
        if kind == "sqlite":
            bare_rss = max(cast(list[float], fig["bare_rss"]) or [0.0])
            bot_rss = max(cast(list[float], fig["bot_rss"]) or [0.0])
            stack_rss = max(cast(list[float], fig["stack_rss"]) or [0.0])
            rows.append(
                f"| worker RSS (largest) | {bare_rss:.0f} MB | {bot_rss:.0f} MB | "
                f"{ratio(bare_rss, bot_rss)} |"
            )
            rows.append(
                f"| worker RSS: the bare app with SQLAlchemy's ORM and pydantic-settings loaded "
                f"(`bare_app:stack_application`) | {bare_rss:.0f} MB | {stack_rss:.0f} MB | "
                f"{ratio(bare_rss, stack_rss)} |"
            )
    rows += ["", "| timing | SQLite | PostgreSQL | goal |", "|---|---|---|---|"]
    for key, label, goal in (
        ("import_10k", "import 10,000-action YAML", "≤ 3 s"),
        ("reimport_10k", "re-import it (unchanged)", ""),
        ("import_xlsx_1k", "import 1,000-action XLSX", "≤ 1 s"),
        ("summary", "weekly summary 300 reviews / 12k actions / 100k updates", "< 1 s"),
    ):
        cells = []
        for kind in ("sqlite", "postgresql"):
            value = results.get(kind, {}).get(key)
            cells.append(f"{value:.2f} s" if isinstance(value, float) else "-")
        rows.append(f"| {label} | {cells[0]} | {cells[1]} | {goal} |")
    rows += ["", "| command line | wall / import time | goal |", "|---|---|---|"]
    rows.append(f"| `dhr-bot --help` | {cli['help']:.2f} s | ≤ 0.4 s |")
    rows.append(f"| `dhr-bot plan --review lily` | {cli['plan']:.2f} s | ≤ 0.8 s |")
    rows.append(f"| `import bot.cli` (-X importtime) | {cli['import_bot_cli']:.3f} s | |")
    rows.append(f"| `import bot.web` (-X importtime) | {cli['import_bot_web']:.3f} s | |")
    return "\n".join(rows)


def main() -> None:
    """Run every part of the bench and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=800, help="slash commands per run (≤ 2000)")
    parser.add_argument("--n-all", type=int, default=None, help="…when the lead sees 10,000")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", ""),
        help="a PostgreSQL URL whose server may get the h4_bench* databases",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=100.0,
        help="commands per second sent in the open-loop runs (the same for every app)",
    )
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one database only")
    parser.add_argument("--skip-summary", action="store_true")
    parser.add_argument(
        "--loads-only", action="store_true", help="only the load runs (no XLSX, summary, CLI)"
    )
    parser.add_argument("--save", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    args.n = max(CLIENTS, min(args.n, 2000))
    args.n_all = max(CLIENTS, min(args.n_all or args.n, 2000))
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
        for kind in kinds:
            if args.only and kind != args.only:
                continue
            print(f"benching on {kind}…", flush=True)
            results[kind] = bench_database(kind, args, folder)
        cli = (
            {"help": 0.0, "plan": 0.0, "import_bot_cli": 0.0, "import_bot_web": 0.0}
            if args.loads_only
            else cli_timings(folder)
        )
    print(table(results, cli, args.rate))
    if args.save:
        args.save.write_text(json.dumps({"results": results, "cli": cli}, indent=1))


if __name__ == "__main__":
    main()
