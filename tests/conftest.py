"""Shared fixtures: a clean environment, a migrated database on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from helpers import postgres_url
from storage.db import Database
from storage.models import Base

_CLEARED_PREFIXES = ("SLACK_", "DHR_")
_CLEARED = ("DATABASE_URL", "PORT")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the developer's Slack tokens, database and .env out of every test."""
    for name in list(os.environ):
        if name.startswith(_CLEARED_PREFIXES) or name in _CLEARED:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate one database per test session; on PostgreSQL it must answer or the run fails."""
    url = postgres_url()
    if url is None:
        template = tmp_path_factory.mktemp("template") / "template.sqlite3"
        db = Database(f"sqlite:///{template}")
        db.upgrade()
        db.dispose()
        yield str(template)
        return
    db = Database(url)
    if not db.ping():
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL does not answer: {url}")
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    db.upgrade()
    db.dispose()
    yield url


def _truncate(db: Database) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def database_url(_migrated: str, tmp_path: Path) -> Iterator[str]:
    """Return the URL of an empty, migrated database for this test alone."""
    if postgres_url() is None:
        path = tmp_path / "dhr.sqlite3"
        shutil.copyfile(_migrated, path)
        yield f"sqlite:///{path}"
        return
    yield _migrated
    db = Database(_migrated)
    _truncate(db)
    db.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """Return a Database on an empty, migrated schema."""
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """Return a session inside a transaction that is rolled back after the test."""
    connection = db.engine.connect()
    transaction = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    session.close()
    transaction.rollback()
    connection.close()
