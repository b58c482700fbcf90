"""A small review to build packs from."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from bot.pack import (
    PackAction,
    PackEvent,
    PackEvidence,
    PackRecommendation,
    PackReprogramming,
    PackReview,
)

MINUTES = b"%PDF-1.4 MARAC steering group minutes"
PHOTO = b"\x89PNG\r\n\x1a\n poster"
GENERATED_ON = date(2026, 12, 1)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key(data: bytes, name: str) -> str:
    digest = sha(data)
    return f"sha256/{digest[:2]}/{digest}/{name}"


STORE = {key(MINUTES, "minutes.pdf"): MINUTES, key(PHOTO, "poster.png"): PHOTO}


def review(*, evidence_text: str = "Minutes of the MARAC steering group") -> PackReview:
    minutes = PackEvidence(
        kind="file",
        description=evidence_text,
        added_by="Sam Officer",
        added_on=date(2022, 9, 14),
        stored_key=key(MINUTES, "minutes.pdf"),
        filename="minutes.pdf",
        sha256=sha(MINUTES),
        size=len(MINUTES),
    )
    signed_off = PackAction(
        ref="1.1",
        text="Safelives to complete the review of present operation of the MARAC.",
        lead_agency="SSP",
        owner="Sam Officer",
        target_text="Autumn 2022",
        due_date=date(2022, 11, 30),
        original_due_date=date(2022, 10, 31),
        status_label="Signed off",
        rag="blue",
        completed_on=date(2022, 11, 20),
        signed_off_on=date(2022, 11, 25),
        signed_off_by="Chris Coordinator",
        impact_statement="MARAC referrals from health doubled; victims get a plan in 48 hours.",
        reprogramming=(
            PackReprogramming(
                from_date=date(2022, 10, 31),
                to_date=date(2022, 11, 30),
                reason="Safelives report came late",
                decided_by="Chris Coordinator",
                decided_on=date(2022, 10, 20),
            ),
        ),
        timeline=(
            PackEvent(datetime(2022, 9, 14, 10, 5), "Sam Officer", "Attached the minutes"),
            PackEvent(datetime(2022, 11, 20, 16, 0), "Sam Officer", "Marked complete"),
            PackEvent(date(2022, 11, 25), "Chris Coordinator", "Signed off"),
        ),
        evidence=(
            minutes,
            PackEvidence(
                kind="link",
                description="Safelives report",
                added_by="Sam Officer",
                added_on=date(2022, 10, 1),
                url="https://example.org/safelives-report",
            ),
        ),
    )
    overdue = PackAction(
        ref="2.1",
        text="Campaign to highlight AFV — “adult family violence”.",
        lead_agency="SSP",
        target_text="Spring 2023",
        due_date=date(2023, 3, 31),
        status_label="In progress",
        rag="red",
        overdue=True,
        evidence=(
            PackEvidence(
                kind="file",
                description="Campaign poster",
                added_by="Łucja Nowak",
                added_on=date(2023, 1, 5),
                stored_key=key(PHOTO, "poster.png"),
                filename="poster.png",
                sha256=sha(PHOTO),
                size=len(PHOTO),
            ),
            PackEvidence(
                kind="file",
                description="Campaign video",
                added_by="Sam Officer",
                added_on=date(2023, 1, 6),
                filename="video.mp4",
                size=80_000_000,
                note_if_not_copied="The file is 76.3 MB, over the 25 MB limit.",
            ),
        ),
    )
    return PackReview(
        slug="lily",
        title="Domestic Homicide Review - Lily",
        partnership="Safer Somerset Partnership",
        review_type="DHR",
        published=date(2022, 3, 1),
        recommendations=(
            PackRecommendation(
                number="1",
                theme="MARAC",
                text="To carry out a review of the MARAC.",
                scope="Local",
                decision="Agreed",
                actions=(signed_off,),
            ),
            PackRecommendation(
                number="2",
                theme="Communication",
                text="Raise awareness of adult family violence.",
                scope="Local",
                decision="Partly agreed",
                rationale="The national campaign covers part of it.",
                actions=(overdue,),
            ),
        ),
    )
