"""Time `dhr-bot pack` end to end: a 100-action review with 200 stored files of 100 kB.

Run: PYTHONPATH=. python bench/bench_pack_db.py [--database-url URL]
(default: a fresh SQLite file and a local evidence store in a temporary directory). Unlike
bench_pack.py (the ZIP alone), this reads the database and the store as the command does.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.evidence import EvidenceStore
from bot.plans.document import ActionDoc, AgencyDoc, PlanDocument, RecommendationDoc, ReviewDoc
from bot.plans.importer import import_plan
from bot.services import Services
from storage.db import Database
from storage.models import Action, Evidence, Update

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
RECS, ACTIONS_EACH, FILES_EACH, FILE_BYTES = 20, 5, 2, 100_000


def populate(db: Database, store: EvidenceStore) -> None:
    """Import the review, then give each action two updates and two stored files."""
    rng = random.Random(7)
    plan = PlanDocument(
        review=ReviewDoc(slug="bench", title="Domestic Homicide Review - Bench"),
        agencies=(AgencyDoc(code="SSP", name="Safer Somerset Partnership"),),
        recommendations=tuple(
            RecommendationDoc(
                number=r,
                theme="Training",
                text=f"Recommendation {r}: agencies to train staff on coercive control.",
                actions=tuple(
                    ActionDoc(ref=f"{r}.{a}", text=f"Action {r}.{a}", lead="SSP", target="2027")
                    for a in range(1, ACTIONS_EACH + 1)
                ),
            )
            for r in range(1, RECS + 1)
        ),
    )
    with db.uow() as session:
        import_plan(plan, session=session, now=NOW - timedelta(days=90), today=NOW.date())
        for action in session.query(Action).all():
            session.add(
                Update(
                    action_id=action.id, user_id="U0BENCH", source="modal",
                    created_at=NOW - timedelta(days=30), status_before="not_started",
                    status_after="in_progress", note="Started: trainers booked.",
                )
            )  # fmt: skip
            for f in range(FILES_EACH):
                data = rng.randbytes(FILE_BYTES)
                kept = store.put(data, name=f"evidence-{action.ref}-{f}.pdf", media_type="")
                session.add(
                    Evidence(
                        action_id=action.id, kind="file", file_id=f"F{action.id:05d}{f}",
                        file_name=f"evidence-{action.ref}-{f}.pdf", description="Minutes",
                        added_by="U0BENCH", created_at=NOW - timedelta(days=20),
                        stored_key=kept.key, sha256=kept.sha256, size=kept.size,
                        media_type="application/pdf", copy_state="copied",
                    )
                )  # fmt: skip


def main() -> None:
    """Build the pack twice and print the timings."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        store_url = str(Path(folder) / "evidence")
        db = Database(url)
        db.upgrade()
        populate(db, EvidenceStore.from_url(store_url))
        settings = Settings(database_url=url, dhr_evidence_store=store_url)
        services = Services(db, settings, lambda: NOW)
        sizes = []
        for _ in range(2):
            start, cpu = time.perf_counter(), time.process_time()
            built = services.packs.build("bench")
            took, used = time.perf_counter() - start, time.process_time() - cpu
            sizes.append(built.content)
            print(
                f"pack: {built.actions} actions, {built.files} files, "
                f"{len(built.content):,} bytes in {took:.2f} s ({used:.2f} s CPU)"
            )
        print("byte-identical:", sizes[0] == sizes[1])
        db.dispose()


if __name__ == "__main__":
    main()
