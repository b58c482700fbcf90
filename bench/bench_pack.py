"""Time the evidence pack for a review of 100 actions with 200 evidence files of 100 kB.

Run: PYTHONPATH=. python bench/bench_pack.py
"""

from __future__ import annotations

import hashlib
import random
import time
from datetime import date, datetime, timedelta

from bot.pack import (
    PackAction,
    PackEvent,
    PackEvidence,
    PackRecommendation,
    PackReprogramming,
    PackReview,
    build_pack,
)

RECOMMENDATIONS, ACTIONS_EACH, FILES_EACH, FILE_BYTES = 20, 5, 2, 100_000
GENERATED_ON = date(2026, 12, 1)


def make_review(rng: random.Random) -> tuple[PackReview, dict[str, bytes]]:
    """Build the review and the store its evidence points at."""
    store: dict[str, bytes] = {}
    recs = []
    for r in range(1, RECOMMENDATIONS + 1):
        actions = []
        for a in range(1, ACTIONS_EACH + 1):
            ref = f"{r}.{a}"
            evidence = []
            for f in range(FILES_EACH):
                content = rng.randbytes(FILE_BYTES)
                digest = hashlib.sha256(content).hexdigest()
                key = f"sha256/{digest[:2]}/{digest}/report-{f}.pdf"
                store[key] = content
                evidence.append(
                    PackEvidence(
                        kind="file",
                        description=f"Report {f} for action {ref}",
                        added_by="Sam Officer",
                        added_on=date(2023, 1, 1) + timedelta(days=f),
                        stored_key=key,
                        filename=f"report-{f}.pdf",
                        sha256=digest,
                        size=FILE_BYTES,
                    )
                )
            actions.append(
                PackAction(
                    ref=ref,
                    text=f"Deliver the agreed change for action {ref}. " * 3,
                    lead_agency="SSP",
                    owner="Sam Officer",
                    target_text="Autumn 2023",
                    due_date=date(2023, 11, 30),
                    original_due_date=date(2023, 9, 30),
                    status_label="Signed off",
                    rag="blue",
                    completed_on=date(2023, 11, 1),
                    signed_off_on=date(2023, 11, 8),
                    signed_off_by="Chris Coordinator",
                    impact_statement="Referrals doubled and every victim had a plan. " * 2,
                    reprogramming=(
                        PackReprogramming(
                            date(2023, 9, 30), date(2023, 11, 30), "Waiting for the audit", "Chris"
                        ),
                    ),
                    timeline=tuple(
                        PackEvent(
                            datetime(2023, 1, 1, 9) + timedelta(days=7 * i), "Sam", f"Update {i}"
                        )
                        for i in range(8)
                    ),
                    evidence=tuple(evidence),
                )
            )
        recs.append(
            PackRecommendation(
                number=str(r), theme="Training", text=f"Recommendation {r}.", actions=tuple(actions)
            )
        )
    review = PackReview(
        slug="bench",
        title="Bench review",
        partnership="Bench partnership",
        review_type="DHR",
        published=date(2022, 3, 1),
        recommendations=tuple(recs),
    )
    return review, store


def main() -> None:
    """Build the pack twice, print the time of each and check they are identical."""
    review, store = make_review(random.Random(15))
    packs = []
    for _ in range(2):
        started = time.perf_counter()
        packs.append(
            build_pack(
                review,
                files=store.get,
                plan_csv=b"x" * 20_000,
                plan_xlsx=b"y" * 20_000,
                generated_on=GENERATED_ON,
            )
        )
        print(
            f"pack of 100 actions, 200 files of 100 kB: {time.perf_counter() - started:.2f} s, "
            f"{len(packs[-1]) / 1e6:.1f} MB"
        )
    print("identical:", packs[0] == packs[1])


if __name__ == "__main__":
    main()
