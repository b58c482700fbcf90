"""`dhr-bot pack` and `dhr-bot evidence verify` on the database and a local evidence store."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.evidence import EvidenceStore
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from storage.db import Database
from storage.models import Action, Evidence

LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
MINUTES = b"%PDF-1.4 minutes of the MARAC steering group"


@pytest.fixture
def store(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> EvidenceStore:
    """Import Lily, keep one file for 1.1 in a store, and point the CLI at both."""
    folder = tmp_path / "store"
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("DHR_EVIDENCE_STORE", str(folder))
    kept = EvidenceStore.from_url(str(folder))
    stored = kept.put(MINUTES, name="minutes.pdf", media_type="application/pdf")
    with db.uow() as session:
        import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
        action = session.query(Action).filter_by(ref="1.1").one()
        session.add(
            Evidence(
                action_id=action.id, kind="file", file_id="F0MIN", file_name="minutes.pdf",
                url="https://example.slack.com/f/1", description="Minutes", added_by="U0SSPLEAD",
                created_at=NOW, stored_key=stored.key, sha256=stored.sha256, size=stored.size,
                media_type="application/pdf", copy_state="copied",
            )
        )  # fmt: skip
    return kept


def test_pack_twice_gives_the_same_bytes_with_the_file_inside(
    store: EvidenceStore, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "out" / "b.zip"
    for target in (first, second):
        result = CliRunner().invoke(
            cli, ["pack", "--review", "lily", "-o", str(target), "--as-of", "2026-12-01"]
        )
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    pack = zipfile.ZipFile(io.BytesIO(first.read_bytes()))
    [kept] = [n for n in pack.namelist() if n.startswith("evidence/")]
    assert hashlib.sha256(pack.read(kept)).hexdigest() == hashlib.sha256(MINUTES).hexdigest()
    assert not list((tmp_path / "out").glob(".*part"))


def test_pack_of_an_unknown_review_writes_nothing(store: EvidenceStore, tmp_path: Path) -> None:
    target = tmp_path / "x.zip"
    result = CliRunner().invoke(cli, ["pack", "--review", "nosuch", "-o", str(target)])
    assert result.exit_code == 1
    assert "No review 'nosuch'" in result.output and "lily" in result.output
    assert list(tmp_path.glob("*.zip")) == []


def test_verify_passes_then_reports_altered_and_missing_files(
    store: EvidenceStore, tmp_path: Path
) -> None:
    ok = CliRunner().invoke(cli, ["evidence", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "1 file(s) intact, 0 missing, 0 altered" in ok.output
    [path] = [p for p in (tmp_path / "store").rglob("*") if p.is_file()]
    path.write_bytes(b"changed")
    altered = CliRunner().invoke(cli, ["evidence", "verify"])
    assert altered.exit_code == 1 and "altered:" in altered.output
    path.unlink()
    missing = CliRunner().invoke(cli, ["evidence", "verify"])
    assert missing.exit_code == 1 and "missing:" in missing.output
