"""Upgrading a populated database keeps every row, and a failed upgrade changes nothing."""

from __future__ import annotations

import multiprocessing
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import storage.db
from helpers import postgres_url
from storage.db import MIGRATIONS, Database, SchemaBehind, UpgradeFailed, alembic_config

# Rows valid at some revision, in foreign-key order. A table or column missing at a revision is
# left out when populating that revision; a column a new revision makes required needs a value
# here, and a new table needs rows here (the test says so).
_AT = datetime(2026, 11, 20, 9, 30, 15, tzinfo=UTC)
ROWS: list[tuple[str, dict[str, Any]]] = [
    ("review", {"id": 1, "slug": "dhr-2024-01", "title": "Adult A", "partnership": "Eastshire",
                "published": date(2025, 3, 1), "created_at": _AT, "type": "SAR"}),
    ("review", {"id": 2, "slug": "dhr-2025-07", "title": "Adult B", "partnership": "Westshire",
                "published": None, "created_at": _AT}),
    ("agency", {"id": 1, "code": "POL", "name": "Eastshire Police"}),
    ("agency", {"id": 2, "code": "HLT", "name": "Eastshire Health"}),
    ("coordinator", {"user_id": "U0COORD", "added_by": None, "added_at": _AT}),
    ("membership", {"id": 1, "agency_id": 1, "user_id": "U0LEAD", "role": "lead",
                    "added_by": "U0COORD", "added_at": _AT}),
    ("membership", {"id": 2, "agency_id": 2, "user_id": "U0MEMBER", "role": "member",
                    "added_by": None, "added_at": _AT}),
    ("recommendation", {"id": 1, "review_id": 1, "number": 1, "theme": "Training",
                        "text": "Train staff on coercive control.", "scope": "multi-agency",
                        "ownership": ["POL", "HLT"], "controlled_theme": "Training"}),
    ("recommendation", {"id": 2, "review_id": 2, "number": 1, "theme": "", "text": "Audit.",
                        "scope": "", "ownership": []}),
    ("action", {"id": 1, "review_id": 1, "recommendation_id": 1, "ref": "1.1", "position": 0,
                "text": "Deliver training.", "lead_agency_id": 1, "delivering_agency_id": 1,
                "owner_id": "U0LEAD",
                "milestones": ["Plan", "Deliver"], "target_text": "March 2026",
                "target_kind": "date", "target_flag": None, "due_date": date(2026, 3, 31),
                "outcome": "Staff trained.", "status": "complete",
                "completed_on": date(2026, 2, 27), "created_at": _AT, "last_update_at": _AT}),
    ("action", {"id": 2, "review_id": 1, "recommendation_id": 1, "ref": "1.2", "position": 1,
                "text": "Update the policy.", "lead_agency_id": 2, "delivering_agency_id": 1,
                "owner_id": None,
                "milestones": [], "target_text": "ongoing", "target_kind": "ongoing",
                "target_flag": "no date", "due_date": None, "outcome": "",
                "status": "in_progress", "completed_on": None, "created_at": _AT,
                "last_update_at": None}),
    ("action", {"id": 3, "review_id": 2, "recommendation_id": 2, "ref": "1.1", "position": 0,
                "text": "Run the audit.", "lead_agency_id": 1, "delivering_agency_id": 2,
                "owner_id": "U0MEMBER",
                "milestones": [], "target_text": "", "target_kind": "none", "target_flag": None,
                "due_date": date(2026, 6, 30), "outcome": "", "status": "not_started",
                "completed_on": None, "created_at": _AT, "last_update_at": None}),
    ("action_update", {"id": 1, "action_id": 1, "user_id": "U0LEAD", "created_at": _AT,
                       "source": "form", "status_before": "not_started",
                       "status_after": "in_progress", "note": "Booked the trainers.",
                       "due_date_before": None, "new_due_date": date(2026, 3, 31),
                       "completed_on": None, "owner_before": None, "owner_after": "U0LEAD",
                       "delivering_before": None, "delivering_after": None,
                       "request_id": "req-0001"}),
    ("action_update", {"id": 2, "action_id": 1, "user_id": "U0LEAD", "created_at": _AT,
                       "source": "plain", "status_before": "in_progress",
                       "status_after": "complete", "note": "Done.", "due_date_before": None,
                       "new_due_date": None, "completed_on": date(2026, 2, 27),
                       "owner_before": "U0LEAD", "owner_after": "U0LEAD",
                       "delivering_before": None, "delivering_after": None, "request_id": None}),
    ("action_update", {"id": 3, "action_id": 2, "user_id": "U0COORD", "created_at": _AT,
                       "source": "import", "status_before": None,
                       "status_after": "in_progress", "note": "", "due_date_before": None,
                       "new_due_date": None, "completed_on": None, "owner_before": None,
                       "owner_after": None, "delivering_before": 2, "delivering_after": 1,
                       "request_id": None}),
    ("evidence", {"id": 1, "action_id": 1, "update_id": 2, "kind": "link",
                  "url": "https://example.org/register.pdf", "file_id": None,
                  "file_name": None, "excerpt": None, "description": "Attendance register",
                  "added_by": "U0LEAD", "created_at": _AT}),
    ("evidence", {"id": 2, "action_id": 2, "update_id": None, "kind": "file", "url": None,
                  "file_id": "F0123", "file_name": "policy.docx", "excerpt": "Section 4",
                  "description": "", "added_by": "U0MEMBER", "created_at": _AT,
                  "stored_key": "sha256/ab/" + "ab" * 32 + "/policy.docx",
                  "sha256": "ab" * 32, "size": 12345, "copy_state": "copied",
                  "media_type": "application/vnd.openxmlformats-officedocument"
                                ".wordprocessingml.document", "copy_note": None}),
    ("summary_run", {"id": 1, "review_id": 1, "week_start": date(2026, 11, 16),
                     "state": "posted", "claimed_by": "web.1:123", "claimed_at": _AT,
                     "channel": "C0DHR", "message_ts": "1763631015.000100", "posted_at": _AT,
                     "error": None}),
    ("summary_run", {"id": 2, "review_id": 2, "week_start": date(2026, 11, 16),
                     "state": "failed", "claimed_by": "clock.1:7", "claimed_at": _AT,
                     "channel": None, "message_ts": None, "posted_at": None,
                     "error": "channel_not_found"}),
    ("reminder_preference", {"user_id": "U0LEAD", "enabled": False, "updated_at": _AT}),
    ("reminder_run", {"id": 1, "user_id": "U0LEAD", "week_start": date(2026, 11, 16),
                      "state": "sent", "claimed_by": "clock.1:7", "claimed_at": _AT,
                      "channel": "D0LEAD", "message_ts": "1763631016.000200", "sent_at": _AT,
                      "error": None}),
    ("action_update", {"id": 4, "action_id": 3, "user_id": "U0MEMBER", "created_at": _AT,
                       "source": "modal", "status_before": "not_started",
                       "status_after": "in_progress", "note": "Auditor off sick.",
                       "due_date_before": date(2026, 6, 30), "new_due_date": None,
                       "completed_on": None, "owner_before": None, "owner_after": None,
                       "request_id": None, "kind": "reprogram_proposed", "impact": None,
                       "proposed_due_date": date(2026, 9, 30), "decides_id": None}),
    ("action_update", {"id": 5, "action_id": 3, "user_id": "U0COORD", "created_at": _AT,
                       "source": "command", "status_before": "in_progress",
                       "status_after": "in_progress", "note": "", "due_date_before": None,
                       "new_due_date": None, "completed_on": None, "owner_before": None,
                       "owner_after": None, "request_id": None, "kind": "reprogram_declined",
                       "impact": None, "proposed_due_date": None, "decides_id": 4}),
    ("recommendation_decision", {"id": 1, "recommendation_id": 1, "decision": "partly_agreed",
                                 "rationale": "Training only for frontline staff.",
                                 "user_id": "U0COORD", "source": "command",
                                 "created_at": _AT}),
    ("reminder_item", {"id": 1, "action_id": 3, "user_id": "U0MEMBER",
                       "week_start": date(2026, 11, 16), "reason": "overdue"}),
    ("escalation_ack", {"id": 1, "action_id": 3, "user_id": "U0LEAD", "created_at": _AT}),
    ("review_agency", {"id": 1, "review_id": 2, "agency_id": 2, "added_by": "U0COORD",
                       "added_at": _AT}),
    ("protected_name", {"id": 1, "review_id": 1, "name": "Jane Example", "pseudonym": "Adult A",
                        "added_by": None, "added_at": _AT}),
]  # fmt: skip


def _revisions() -> list[str]:
    """Every revision, oldest first: a new migration file is tested without editing this file."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """Return the URL of an empty database of its own: a SQLite file, or a PostgreSQL schema."""
    base = postgres_url()
    if base is None:
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    # A schema of our own keeps the session's migrated `public` schema untouched.
    schema = f"upgrade_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _build_at(url: str, revision: str) -> None:
    """Migrate an empty database to `revision`."""
    command.upgrade(alembic_config(url), revision)


def _revision_of(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _populate(engine: sa.Engine) -> None:
    """Insert ROWS with plain SQL against the tables as they are at this revision."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    missing = {name for name in metadata.tables if name != "alembic_version"} - {
        name for name, _ in ROWS
    }
    assert not missing, f"add rows for {sorted(missing)} to ROWS"
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as connection:
        for name, row in ROWS:
            if name not in metadata.tables:
                continue
            table = metadata.tables[name]
            values = {
                key: value.replace(tzinfo=None) if sqlite and isinstance(value, datetime) else value
                for key, value in row.items()
                if key in table.c
            }
            connection.execute(sa.insert(table).values(values))
        if not sqlite:  # explicit ids leave the sequences behind; the app would collide
            for table in metadata.tables.values():
                if "id" in table.c:
                    connection.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f'(SELECT max(id) FROM "{table.name}"))'
                        )
                    )


def _snapshot(engine: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    """Read every row of every table, in primary-key order."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for table in metadata.tables.values():
            if table.name == "alembic_version":
                continue
            query = sa.select(table).order_by(*table.primary_key.columns)
            tables[table.name] = [dict(row) for row in connection.execute(query).mappings()]
    return tables


def _table_names(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


@pytest.mark.parametrize("revision", _revisions())
def test_upgrading_a_populated_database_keeps_every_row(scratch_url: str, revision: str) -> None:
    _build_at(scratch_url, revision)
    db = Database(scratch_url)
    _populate(db.engine)
    before = _snapshot(db.engine)
    expected = {name: sum(1 for table, _ in ROWS if table == name) for name in before}
    assert {name: len(rows) for name, rows in before.items()} == expected

    db.upgrade()

    assert db.is_current()
    db.require_current()
    after = _snapshot(db.engine)
    for name, rows in before.items():
        assert name in after, f"table {name} vanished"
        kept = [{key: row[key] for key in rows[0] if key in after[name][0]} for row in after[name]]
        wanted = [
            {key: value for key, value in row.items() if key in after[name][0]} for row in rows
        ]
        assert kept == wanted, f"rows of {name} changed"
    assert not {name for name in _table_names(db.engine) if name.startswith("_alembic_tmp")}
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    db.dispose()


def test_upgraded_actions_are_delivered_by_their_lead_agency(scratch_url: str) -> None:
    # Populated before the delivering agency existed: each action's lead agency delivers it.
    _build_at(scratch_url, "0003")
    db = Database(scratch_url)
    _populate(db.engine)

    db.upgrade()

    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, lead_agency_id, delivering_agency_id FROM action ORDER BY id")
        ).all()
    assert [(row[0], row[2]) for row in rows] == [(1, 1), (2, 2), (3, 1)]
    assert all(row[1] == row[2] for row in rows)
    db.dispose()


def _failing_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the migrations at a copy with one more revision that rebuilds a table, then fails."""
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    (copy / "versions" / "9999_fails.py").write_text(
        f'''"""fails halfway"""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On SQLite a new unique constraint means rebuilding the table through a scratch copy.
    with op.batch_alter_table("action") as batch_op:
        batch_op.add_column(sa.Column("scratch", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_action_scratch", ["scratch"])
    raise RuntimeError("this revision fails on purpose")


def downgrade() -> None:
    pass
'''
    )
    monkeypatch.setattr(storage.db, "MIGRATIONS", copy)


def test_an_upgrade_that_fails_midway_leaves_the_database_as_it_was(
    scratch_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _revisions()[1]  # so the run would apply real revisions before the failing one
    _build_at(scratch_url, first)
    db = Database(scratch_url)
    _populate(db.engine)
    before = _snapshot(db.engine)
    _failing_migrations(tmp_path, monkeypatch)

    with pytest.raises(RuntimeError, match="fails on purpose"):
        db.upgrade()

    assert _revision_of(db.engine) == first
    assert _snapshot(db.engine) == before
    assert not {name for name in _table_names(db.engine) if name.startswith("_alembic_tmp")}
    with pytest.raises(SchemaBehind, match="run `dhr-bot db upgrade` first"):
        db.require_current()
    db.dispose()


def test_rows_that_break_a_foreign_key_stop_the_upgrade_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'orphans.sqlite3'}"
    first = _revisions()[1]
    _build_at(url, first)
    db = Database(url)
    _populate(db.engine)
    with db.engine.connect() as connection:  # an orphan an older bot could have left behind
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql("UPDATE evidence SET action_id = 99 WHERE id = 2")
        connection.commit()
    before = _snapshot(db.engine)

    with pytest.raises(UpgradeFailed, match="evidence"):
        db.upgrade()

    assert _revision_of(db.engine) == first
    assert _snapshot(db.engine) == before
    assert not {name for name in _table_names(db.engine) if name.startswith("_alembic_tmp")}
    db.dispose()


def test_a_table_left_by_an_earlier_failed_rebuild_is_cleared(tmp_path: Path) -> None:
    # What the bot before this fix left behind after 0003's rebuild failed on a 0002 database.
    url = f"sqlite:///{tmp_path / 'stuck.sqlite3'}"
    _build_at(url, "0002")
    db = Database(url)
    _populate(db.engine)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE _alembic_tmp_action (id INTEGER NOT NULL)")

    db.upgrade()

    assert db.is_current()
    assert "_alembic_tmp_action" not in _table_names(db.engine)
    assert len(_snapshot(db.engine)["action"]) == 3
    db.dispose()


def test_a_worker_refuses_a_schema_that_is_behind(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'behind.sqlite3'}")
    with pytest.raises(SchemaBehind, match="run `dhr-bot db upgrade` first"):
        db.require_current()
    assert not _table_names(db.engine) - {"alembic_version"}  # and it migrated nothing
    db.upgrade()
    db.require_current()
    db.dispose()


def _upgrade_in_a_process(url: str, barrier: Any) -> None:
    barrier.wait(timeout=60)
    db = Database(url)
    db.upgrade()
    db.require_current()
    db.dispose()


@pytest.mark.parametrize("round_", range(5))
def test_processes_upgrading_one_fresh_sqlite_file_at_once_all_succeed(
    tmp_path: Path, round_: int
) -> None:
    url = f"sqlite:///{tmp_path / f'race{round_}.sqlite3'}"
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(3)
    processes = [
        context.Process(target=_upgrade_in_a_process, args=(url, barrier)) for _ in range(3)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    codes = [process.exitcode for process in processes]
    for process in processes:
        if process.is_alive():
            process.kill()
    assert codes == [0, 0, 0]
    db = Database(url)
    assert db.is_current()
    db.dispose()
