"""Build the evidence pack: a ZIP that is byte-identical when built twice from the same data."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from datetime import date
from io import BytesIO

from bot.pack.html import render_html
from bot.pack.layout import place_evidence
from bot.pack.model import PackReview

MANIFEST = "manifest.json"
# Already-compressed formats gain nothing from deflate and cost time.
_STORED_SUFFIXES = (
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".heic",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".zip",
)


def _entry(name: str, when: date) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(when.year, when.month, when.day, 0, 0, 0))
    info.create_system = 3  # Unix, wherever the pack is built
    info.external_attr = 0o100644 << 16
    stored = name.startswith("evidence/") and name.lower().endswith(_STORED_SUFFIXES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def manifest(review: PackReview, entries: dict[str, bytes], generated_on: date) -> bytes:
    """Return manifest.json: every other file in the pack with its SHA-256 and size."""
    listing = [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in sorted(entries.items())
    ]
    document = {
        "review": review.slug,
        "title": review.title,
        "generated_on": generated_on.isoformat(),
        "files": listing,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_pack(
    review: PackReview,
    *,
    files: Callable[[str], bytes | None],
    plan_csv: bytes,
    plan_xlsx: bytes,
    generated_on: date,
) -> bytes:
    """Return the review's evidence pack as ZIP bytes; files(key) gives a stored file or None."""
    from bot.pack.pdf import render_pdf  # fpdf loads only when a pack is built

    placement = place_evidence(review, files)
    entries: dict[str, bytes] = {
        "index.html": render_html(review, placement, generated_on=generated_on).encode("utf-8"),
        "pack.pdf": render_pdf(review, placement, generated_on=generated_on),
        "plan.csv": plan_csv,
        "plan.xlsx": plan_xlsx,
        **placement.files,
    }
    entries[MANIFEST] = manifest(review, entries, generated_on)
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(entries):
            archive.writestr(_entry(name, generated_on), entries[name], compresslevel=6)
    return out.getvalue()
