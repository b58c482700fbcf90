"""The migrations build the schema the models describe, on an empty database."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from helpers import postgres_url
from storage.db import Database
from storage.models import Base


def test_upgrade_head_on_an_empty_database_matches_the_models(
    database_url: str, tmp_path: Path
) -> None:
    # On PostgreSQL the session fixture dropped the schema and ran `upgrade head` itself.
    url = database_url if postgres_url() else f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    db = Database(url)
    db.upgrade()
    assert db.is_current()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    db.dispose()


def test_embedded_sqlite_is_migrated_on_first_use(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert not db.is_current()
    db.ensure_schema()
    assert db.is_current()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.dispose()
