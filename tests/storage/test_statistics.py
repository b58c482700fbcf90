"""The planner's statistics: an import and an upgrade leave them, so a list reads by index.

Without statistics SQLite planned a lead's list by its first usable index, `review_id`,
and read every action of the review; with statistics on a full owner index, a plan whose
actions have no owner yet made it scan the table. With the statistics and the partial
owner index (0008) a lead's list reads their agency's rows only.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event, text

from bot.config import Settings
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.services import Services
from helpers import NOW, FrozenClock
from storage.db import Database

AGENCIES = 20
ACTIONS = 2_000
LEAD = "U0LEAD01"  # leads A01: every 20th action


def _plan(folder: Path) -> Path:
    lines = ["review:", "  slug: stats", "  title: Statistics review", "agencies:"]
    for a in range(AGENCIES):
        lines += [f"  - code: A{a:02d}", f"    name: Agency {a}", f"    leads: [U0LEAD{a:02d}]"]
    lines.append("recommendations:")
    for r in range(ACTIONS // 50):
        lines += [f"  - number: {r + 1}", f"    text: Recommendation {r + 1}", "    actions:"]
        for i in range(50):
            serial = r * 50 + i
            lines += [
                f'      - ref: "{r + 1}.{i + 1}"',
                f"        text: Action {serial} - train staff.",
                f"        lead: A{serial % AGENCIES:02d}",
                "        target: 'March 2027'",
            ]
    path = folder / "stats.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _import(db: Database, folder: Path) -> None:
    parsed = parse_plan(_plan(folder))
    with db.uow() as session:
        import_plan(parsed.document, session=session, now=NOW, today=NOW.date())


def _count_statement(db: Database) -> tuple[str, Any]:
    """Return the SQL and parameters of the count a lead's `/dhr mine` runs."""
    seen: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT COUNT("):
            seen.append((statement, params))

    services = Services(db, Settings(database_url=db.url), FrozenClock(NOW))
    event.listen(db.engine, "before_cursor_execute", before)
    try:
        page = services.actions.page(LEAD, "mine")
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert page.total == ACTIONS // AGENCIES
    assert len(seen) == 1, seen
    return seen[0]


def _sqlite_plan(db: Database, connection: Connection | None = None) -> str:
    """Return how SQLite plans the lead's count, on `connection` or a pooled one."""
    statement, params = _count_statement(db)
    with ExitStack() as stack:
        if connection is None:
            connection = stack.enter_context(db.engine.connect())
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
    return " | ".join(str(row[-1]) for row in rows)


def _analyzed(db: Database) -> bool:
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            found = connection.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            ).scalar_one()
            if not found:
                return False
            query = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'action'"
            return bool(connection.execute(text(query)).scalar_one())
        # ANALYZE sets the row estimate; a table never analyzed has -1 (PostgreSQL 14+) or 0.
        query = "SELECT reltuples FROM pg_class WHERE relname = 'action'"
        return float(connection.execute(text(query)).scalar_one()) > 0


def _owner_index(db: Database) -> str:
    """Return the definition of ix_action_owner_id as the database keeps it."""
    if db.engine.dialect.name == "sqlite":
        query = "SELECT sql FROM sqlite_master WHERE name = 'ix_action_owner_id'"
    else:
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_action_owner_id'"
    with db.engine.connect() as connection:
        return str(connection.execute(text(query)).scalar_one())


def _forget_statistics(db: Database) -> None:
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "sqlite":
            connection.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))


def test_an_import_leaves_statistics_and_the_list_reads_by_the_agency_index(
    db: Database, tmp_path: Path
) -> None:
    _import(db, tmp_path)
    assert _analyzed(db)
    if db.engine.dialect.name == "sqlite":
        plan = _sqlite_plan(db)
        assert "ix_action_lead_agency_id" in plan, plan
        assert "ix_action_review_id" not in plan, plan
        assert "SCAN action" not in plan, plan


def test_an_upgrade_at_head_refreshes_the_statistics_of_a_database_with_data(
    db: Database, tmp_path: Path
) -> None:
    _import(db, tmp_path)
    _forget_statistics(db)
    if db.engine.dialect.name == "sqlite":
        assert not _analyzed(db)
    db.upgrade()
    assert _analyzed(db)
    # The owner index holds owned actions only (0008), after a migration from empty or
    # from any earlier revision with data (tests/storage/test_upgrades.py).
    assert "owner_id is not null" in " ".join(_owner_index(db).lower().split())
    if db.engine.dialect.name == "sqlite":
        assert "ix_action_review_id" not in _sqlite_plan(db)


def test_a_connection_opened_before_an_import_plans_by_the_new_statistics(
    db: Database, tmp_path: Path
) -> None:
    # A running bot's pooled connection, in another process than `dhr-bot import`.
    running = Database(db.url)
    try:
        with running.engine.connect() as worker:
            worker.execute(text("SELECT count(*) FROM action")).all()  # schema loaded before
            worker.commit()
            _import(db, tmp_path)
            # A request's first statement: SQLite sees the schema changed and reloads it.
            worker.execute(text("SELECT count(*) FROM action")).all()
            if db.engine.dialect.name == "sqlite":
                plan = _sqlite_plan(db, worker)
                assert "ix_action_lead_agency_id" in plan, plan
                assert "ix_action_review_id" not in plan, plan
            else:
                query = "SELECT reltuples FROM pg_class WHERE relname = 'action'"
                assert float(worker.execute(text(query)).scalar_one()) > 0
    finally:
        running.engine.dispose()
