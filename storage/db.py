"""Engine, sessions, the unit of work, and schema upgrades that run whole or not at all."""

from __future__ import annotations

import ast
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from storage.repositories.statistics import refresh_statistics

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"

SCHEMA_BEHIND = (
    "The database schema is behind this version of the bot: run `dhr-bot db upgrade` first."
)

# How long an upgrade waits for another process's upgrade of the same SQLite file to finish.
_MIGRATION_WAIT_MS = 300_000
_BUSY_TIMEOUT_MS = 10_000
_WAL_SWITCH_WAIT_S = 10.0
# Any fixed number: PostgreSQL upgrades queue on this advisory lock, one at a time.
_PG_MIGRATION_LOCK = 0x64687262


class SchemaBehind(RuntimeError):
    """The database is at an older revision than this code: `dhr-bot db upgrade` must run."""


class UpgradeFailed(RuntimeError):
    """An upgrade was rolled back: the migrated rows would break a foreign key."""


def _use_wal(cursor: sqlite3.Cursor) -> None:
    # Processes opening one fresh file at once all try to switch it to WAL; SQLite answers
    # "locked" at once to all but one, without waiting (two would deadlock), so retry briefly.
    deadline = time.monotonic() + _WAL_SWITCH_WAIT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    _use_wal(cursor)
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout on every connection."""
    # Errors must never carry bound values into logs: they hold notes and evidence.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def alembic_config(url: str) -> Config:
    """Return an Alembic configuration pointing at this package's migrations and `url`."""
    from alembic.config import Config  # Alembic loads only to migrate: web workers never do

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    """Return the newest revision among the migrations, read from their files.

    Reading `revision` and `down_revision` directly keeps Alembic (and Mako, Pygments) out
    of processes that only check the schema; anything unusual is left to Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = _revision_ids(path)
        if found is None:
            return _alembic_head()
        revision, down = found
        revisions.add(revision)
        parents.update(down)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _revision_ids(path: Path) -> tuple[str, tuple[str, ...]] | None:
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target: ast.expr | None = None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        wanted = isinstance(target, ast.Name) and target.id in ("revision", "down_revision")
        if wanted and isinstance(target, ast.Name) and value is not None:
            values[target.id] = ast.literal_eval(value)
    revision, down = values.get("revision"), values.get("down_revision")
    if not isinstance(revision, str):
        return None
    if down is None:
        return revision, ()
    if isinstance(down, str):
        return revision, (down,)
    if isinstance(down, tuple) and all(isinstance(d, str) for d in down):
        return revision, down
    return None


def _alembic_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _revision(connection: Connection) -> str | None:
    # What Alembic's MigrationContext.get_current_revision reads, without loading Alembic.
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise RuntimeError("the database has more than one schema head")
    return rows[0] if rows else None


def _foreign_key_problems(connection: Connection) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        counts[(table, parent)] = counts.get((table, parent), 0) + 1
    return [f"{table} -> {parent}: {n} row(s)" for (table, parent), n in sorted(counts.items())]


def _drop_leftover_rebuild_tables(connection: Connection) -> None:
    # An upgrade that failed before this code existed left Alembic's scratch copy of a table
    # behind, and every later rebuild of that table fails on it. No rebuild is running now:
    # we hold the write lock.
    names = connection.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE :p ESCAPE '!'"),
        {"p": "!_alembic!_tmp!_%"},
    ).scalars()
    for name in list(names):
        logger.warning("dropping %s left by an earlier failed upgrade", name)
        connection.exec_driver_sql(f'DROP TABLE "{name}"')


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """Yield a connection inside the one transaction a whole upgrade runs in, holding the lock."""
    with engine.connect() as connection:
        if engine.dialect.name != "sqlite":
            # PostgreSQL's DDL is transactional; the lock queues concurrent upgraders.
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                    )
                yield connection
            return
        driver = connection.connection.driver_connection
        assert driver is not None
        # pysqlite begins transactions itself and never before DDL, so a table rebuild would
        # commit piecemeal. Take BEGIN over (SQLAlchemy's recipe for SQLite transactions).
        isolation_level = driver.isolation_level
        driver.isolation_level = None
        try:
            # A rebuild drops a table other tables refer to; foreign keys are checked as a
            # whole before commit instead. The pragma has no effect inside a transaction.
            driver.execute("PRAGMA foreign_keys=OFF")
            driver.execute(f"PRAGMA busy_timeout={_MIGRATION_WAIT_MS}")
            # IMMEDIATE takes the write lock now: concurrent upgraders wait here, then see the
            # revision the first one committed.
            driver.execute("BEGIN IMMEDIATE")
            with connection.begin():
                _drop_leftover_rebuild_tables(connection)
                before = _revision(connection)
                yield connection
                # Rows an old bot left dangling are not this upgrade's to judge.
                problems = (
                    [] if _revision(connection) == before else _foreign_key_problems(connection)
                )
                if problems:
                    raise UpgradeFailed(
                        "The upgrade would leave rows pointing at rows that do not exist, "
                        "so nothing was changed: " + "; ".join(problems)
                    )
        finally:
            try:
                if driver.in_transaction:
                    driver.rollback()
                # Hand the connection back to the pool as every other connection is.
                driver.execute("PRAGMA foreign_keys=ON")
                driver.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
                driver.isolation_level = isolation_level
            except sqlite3.Error:
                connection.invalidate()


class Database:
    """One engine and its session factory; `uow()` is the only way code gets a session."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def uow(self, *, write: bool = False) -> Iterator[Session]:
        """Open a session for one unit of work: commit on success, roll back on error, close.

        `write=True` is for a write that decides from what it reads (a version check,
        `status_before`): on SQLite it takes the write lock before the first read.
        """
        session = self._sessions()
        try:
            if write and self.engine.dialect.name == "sqlite":
                # SQLite's deferred transactions let two writers read the same state and
                # the later one fail (or, read first, decide on stale rows). IMMEDIATE
                # queues writers here, within the busy timeout. PostgreSQL locks the row
                # instead (SELECT … FOR UPDATE in the repository).
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema to `revision` in one transaction: all of it, or nothing."""
        config = alembic_config(self.url)
        with migrating(self.engine) as connection:
            # Read under the lock: another process may have upgraded while we waited.
            current = _revision(connection)
            if revision != "head" or current != head_revision():
                logger.info("upgrading database schema from %s to %s", current, revision)
                from alembic import command

                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            if revision == "head":
                # A database with data in it gets the statistics an import leaves, so a
                # deployment upgraded from an earlier release plans its lists by index.
                refresh_statistics(connection)

    def revision(self) -> str | None:
        """Return the schema's current revision (None for an empty database)."""
        with self.engine.connect() as connection:
            return _revision(connection)

    def is_current(self) -> bool:
        """Tell whether the schema is at the migrations' head."""
        return self.revision() == head_revision()

    def require_current(self) -> None:
        """Raise SchemaBehind unless the schema is at head; workers call this and never migrate."""
        if not self.is_current():
            raise SchemaBehind(SCHEMA_BEHIND)

    def ensure_schema(self) -> None:
        """Upgrade the embedded SQLite on first use, safely from many processes at once."""
        # For the single-process console and CLI; web workers and the clock call
        # require_current() and leave migrating to `dhr-bot db upgrade`.
        if self.engine.dialect.name == "sqlite" and not self.is_current():
            logger.info("migrating embedded database")
            self.upgrade()

    def ping(self) -> bool:
        """Tell whether the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any driver error means "down" for a health check
            logger.warning("database ping failed", exc_info=True)
            return False
        return True

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
