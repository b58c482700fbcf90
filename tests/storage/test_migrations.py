"""The migrations build the schema the models describe, on an empty database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from bot.logs import SafeFormatter
from helpers import postgres_url
from storage.db import Database
from storage.models import Base, Coordinator


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


def test_logged_database_errors_never_carry_the_values_they_were_given(
    database_url: str,
) -> None:
    db = Database(database_url)
    now = datetime(2026, 11, 26, tzinfo=UTC)
    with db.uow() as session:
        session.add(Coordinator(user_id="U0SECRETNAME", added_at=now))
    with pytest.raises(IntegrityError) as caught, db.uow() as session:
        session.add(Coordinator(user_id="U0SECRETNAME", added_at=now))
    error = caught.value
    logged = SafeFormatter().formatException((type(error), error, error.__traceback__))
    assert "IntegrityError" in logged and "INSERT INTO coordinator" in logged
    assert "U0SECRETNAME" not in logged  # PostgreSQL's DETAIL quotes the key; the log must not
    assert "parameters hidden" in str(error)  # and SQLAlchemy never adds the bound values
    db.dispose()
