"""Every list costs O(page): the same statements and rows read for 100 actions as for 10,000."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from pydantic import SecretStr
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.services import Services
from helpers import NOW, FrozenClock
from storage.db import Database
from storage.models import Action, Agency, Membership, Recommendation, Review

LEAD = "U0LEAD"  # leads A01, member of A02, owns every 4th action
PER_REC = 50


class _CountingCursor:
    """A DBAPI cursor that counts the rows SQLAlchemy fetches from it."""

    def __init__(self, inner: Any, tally: dict[str, int]) -> None:
        self._inner = inner
        self._tally = tally

    def _seen(self, rows: Any) -> Any:
        self._tally["rows"] += len(rows)
        return rows

    def fetchone(self) -> Any:
        row = self._inner.fetchone()
        self._tally["rows"] += row is not None
        return row

    def fetchmany(self, *args: Any) -> Any:
        return self._seen(self._inner.fetchmany(*args))

    def fetchall(self) -> Any:
        return self._seen(self._inner.fetchall())

    def __iter__(self) -> Iterator[Any]:
        for row in self._inner:
            self._tally["rows"] += 1
            yield row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextmanager
def counted(engine: Engine) -> Iterator[dict[str, int]]:
    """Count the statements run and the rows fetched on `engine` inside the block."""
    tally = {"statements": 0, "rows": 0}

    def before(*_args: Any) -> None:
        tally["statements"] += 1

    def after(_conn: Any, cursor: Any, _stmt: Any, _params: Any, context: Any, _many: Any) -> None:
        if context is not None and cursor.description is not None:
            context.cursor = _CountingCursor(cursor, tally)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield tally
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def _add_actions(db: Database, first: int, last: int) -> None:
    """Insert actions first..last-1 in bulk; the pattern repeats every 100 actions."""
    today = NOW.date()
    with db.uow() as session:
        recs = range(first // PER_REC + 1, last // PER_REC + 1)
        session.execute(
            insert(Recommendation),
            [{"id": r, "review_id": 1, "number": r, "text": "r", "ownership": []} for r in recs],
        )
        session.execute(
            insert(Action),
            [
                {
                    "review_id": 1,
                    "recommendation_id": i // PER_REC + 1,
                    "ref": f"{i // PER_REC + 1}.{i % PER_REC + 1}",
                    "position": i % PER_REC,
                    "text": f"Action {i}: train staff",
                    "lead_agency_id": 1 + i % 2,
                    "owner_id": LEAD if i % 4 == 0 else f"U0P{i % 7}",
                    "milestones": [],
                    "target_text": "2026",
                    "target_kind": "date",
                    "due_date": today + timedelta(days=i % 100 - 50),
                    "outcome": "",
                    "status": "complete" if i % 10 == 9 else "in_progress",
                    "created_at": NOW,
                }
                for i in range(first, last)
            ],
        )


def _populate(db: Database) -> None:
    with db.uow() as session:
        session.execute(
            insert(Agency), [{"id": 1, "code": "A01", "name": "A"}, {"id": 2, "code": "A02"}]
        )
        session.execute(insert(Review), [{"id": 1, "slug": "r", "title": "R", "created_at": NOW}])
        session.execute(
            insert(Membership),
            [
                {"agency_id": 1, "user_id": LEAD, "role": "lead", "added_at": NOW},
                {"agency_id": 2, "user_id": LEAD, "role": "member", "added_at": NOW},
            ],
        )
    _add_actions(db, 0, 100)


def _calls(services: Services) -> dict[str, Callable[[], object]]:
    return {
        "mine": lambda: services.actions.page(LEAD, "mine"),
        "mine page 2": lambda: services.actions.page(LEAD, "mine", page=1),
        "overdue": lambda: services.actions.page(LEAD, "overdue"),
        "due": lambda: services.actions.page(LEAD, "due"),
        "agency list": lambda: services.actions.page(LEAD, "agency", "A02", page=1),
        "/dhr agency": lambda: services.people.agency(LEAD, "A01"),
        "home": lambda: services.people.home(LEAD),
        "evidence picker": lambda: services.actions.evidence_choices(LEAD, "train"),
        "evidence picker by ref": lambda: services.actions.evidence_choices(LEAD, "1."),
    }


def _cost(db: Database, services: Services) -> dict[str, tuple[int, int]]:
    found = {}
    for name, call in _calls(services).items():
        with counted(db.engine) as tally:
            call()
        found[name] = (tally["statements"], tally["rows"])
    return found


def test_every_list_reads_the_same_for_100_as_for_10_000_actions(db: Database) -> None:
    settings = Settings(slack_bot_token=SecretStr("xoxb-test"), database_url=db.url)
    services = Services(db, settings, FrozenClock(NOW))
    _populate(db)
    small = _cost(db, services)
    _add_actions(db, 100, 10_000)
    large = _cost(db, services)
    assert large == small
    assert all(rows > 0 for _statements, rows in large.values()), large
    # And a page is a page: no call reads more than the evidence picker's 100 matches.
    assert all(rows <= 120 for _statements, rows in large.values()), large


def test_the_counts_and_pages_cover_the_whole_list(db: Database) -> None:
    settings = Settings(slack_bot_token=SecretStr("xoxb-test"), database_url=db.url)
    services = Services(db, settings, FrozenClock(NOW))
    _populate(db)
    first = services.actions.page(LEAD, "mine")
    # Owned (every 4th) or led by A01 (every even one): 50 of 100, 15 a page.
    assert (first.total, first.pages, len(first.views)) == (50, 4, 15)
    seen = [
        v.id for p in range(first.pages) for v in services.actions.page(LEAD, "mine", page=p).views
    ]
    assert len(seen) == len(set(seen)) == 50
    assert services.actions.page(LEAD, "mine", page=99).page == 3  # past the end: the last
    every = services.actions.mine(LEAD)
    assert [v.id for v in every] == seen
    ranks = [0 if v.overdue else (2 if v.status.value == "complete" else 1) for v in every]
    assert ranks == sorted(ranks)
    assert first.overdue == sum(v.overdue for v in every)
    home = services.people.home(LEAD)
    assert home.mine.total == 25 and len(home.mine.views) == 20
    assert home.agency.total == 75 and LEAD not in {v.owner_id for v in home.agency.views}
