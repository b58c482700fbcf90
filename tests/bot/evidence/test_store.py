"""The evidence store: round trips, verification, refusals and an unwritable store."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.evidence import EvidencePolicy, EvidenceStore, FileRefused, StoreUnavailable
from bot.evidence.names import safe_filename

PDF = "application/pdf"


def test_local_round_trip(tmp_path: Path) -> None:
    store = EvidenceStore.from_url(str(tmp_path / "evidence"))
    content = b"%PDF-1.4 minutes of the MARAC steering group\n" * 1000
    stored = store.put(io.BytesIO(content), name="MARAC minutes (final).pdf", media_type=PDF)

    sha = hashlib.sha256(content).hexdigest()
    assert stored.sha256 == sha
    assert stored.size == len(content)
    assert stored.media_type == PDF
    assert stored.key == f"sha256/{sha[:2]}/{sha}/MARAC_minutes_final.pdf"
    assert store.exists(stored.key)
    assert store.read(stored.key) == content
    with store.open(stored.key) as stream:
        assert stream.read() == content
    # Nothing is left under a temporary name.
    leftovers = [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()]
    assert leftovers == [tmp_path / "evidence" / stored.key]


def test_the_same_content_twice_is_stored_once(tmp_path: Path) -> None:
    store = EvidenceStore.from_url(str(tmp_path))
    first = store.put(b"same", name="a.txt", media_type="text/plain")
    again = store.put(b"same", name="a.txt", media_type="text/plain")
    assert first == again
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["a.txt"]


def test_verify_finds_missing_and_altered_files(tmp_path: Path) -> None:
    store = EvidenceStore.from_url(str(tmp_path))
    kept = store.put(b"kept", name="kept.txt", media_type="text/plain")
    gone = store.put(b"gone", name="gone.txt", media_type="text/plain")
    changed = store.put(b"changed", name="changed.txt", media_type="text/plain")
    (tmp_path / gone.key).unlink()
    (tmp_path / changed.key).write_bytes(b"tampered")

    report = store.verify([kept, gone, changed])

    assert report.ok == (kept.key,)
    assert report.missing == (gone.key,)
    assert report.altered == (changed.key,)
    assert not report.passed
    assert store.verify([kept]).passed
    assert store.read(gone.key) is None
    with pytest.raises(FileNotFoundError):
        store.open(gone.key)


def test_keys_cannot_leave_the_store(tmp_path: Path) -> None:
    store = EvidenceStore.from_url(str(tmp_path / "inner"))
    for key in ("../outside.txt", "/etc/passwd", "sha256//x", "a\\b", ""):
        with pytest.raises(ValueError):
            store.exists(key)


@pytest.mark.parametrize(
    ("size", "media_type", "name", "reason"),
    [
        (26 * 1024 * 1024, PDF, "big.pdf", "26 MB, over the 25 MB limit"),
        (10, "application/x-msdownload", "setup.exe", "type exe"),
        (10, "text/html", "page.html", "type html"),
        (10, "application/x-msdownload", "report.pdf", "type pdf"),
        (10, "", "no-extension", "type unknown"),
    ],
)
def test_policy_refuses_oversize_and_disallowed_files(
    size: int, media_type: str, name: str, reason: str
) -> None:
    refusal = EvidencePolicy().refusal(size, media_type, name)
    assert refusal is not None
    assert reason in refusal
    assert "recorded but not copied" in refusal


@pytest.mark.parametrize(
    ("media_type", "name"),
    [
        (PDF, "plan.pdf"),
        ("application/octet-stream", "Plan.DOCX"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "plan.xlsx"),
        ("text/csv; charset=utf-8", "plan.csv"),
        ("image/jpeg", "photo.jpg"),
        ("image/png", "screen.png"),
        ("text/plain", "notes.txt"),
    ],
)
def test_policy_allows_documents_and_images(media_type: str, name: str) -> None:
    assert EvidencePolicy().refusal(1000, media_type, name) is None


def test_put_refuses_a_file_over_the_limit_and_leaves_nothing(tmp_path: Path) -> None:
    store = EvidenceStore.from_url(str(tmp_path), policy=EvidencePolicy(max_bytes=1000))
    with pytest.raises(FileRefused, match="over the"):
        store.put(b"x" * 1001, name="big.pdf", media_type=PDF)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert store.put(b"x" * 1000, name="fits.pdf", media_type=PDF).size == 1000


def test_put_refuses_a_type_outside_the_allow_list(tmp_path: Path) -> None:
    store = EvidenceStore.from_url(str(tmp_path))
    with pytest.raises(FileRefused, match="type exe"):
        store.put(b"MZ", name="setup.exe", media_type="application/x-msdownload")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_store_under_a_file_is_unavailable(tmp_path: Path) -> None:
    # A path whose parent is a file cannot be written by anyone, root included.
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    store = EvidenceStore.from_url(str(blocker / "evidence"))
    with pytest.raises(StoreUnavailable) as caught:
        store.put(b"x", name="x.txt", media_type="text/plain")
    assert "nothing was stored" in caught.value.message
    with pytest.raises(StoreUnavailable):
        store.check_writable()


def test_check_writable_passes_and_leaves_nothing(tmp_path: Path) -> None:
    EvidenceStore.from_url(str(tmp_path)).check_writable()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Résumé final.PDF", "Resume_final.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\notes.txt", "notes.txt"),
        ("<script>.html", "script.html"),
        ("...", "file"),
        ("a" * 300 + ".docx", "a" * 80 + ".docx"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


@pytest.fixture
def s3_server() -> Iterator[str]:
    """Run moto's S3 on a free loopback port; yield its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def test_s3_round_trip(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    options = {
        "key": "testing",
        "secret": "testing",
        "client_kwargs": {"endpoint_url": s3_server, "region_name": "eu-west-2"},
        "skip_instance_cache": True,
    }
    store = EvidenceStore.from_url("s3://evidence/dhr", **options)
    store.fs.mkdir("evidence")

    content = b"board minutes " * 5000
    stored = store.put(content, name="board minutes.pdf", media_type=PDF)

    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert store.exists(stored.key)
    assert store.read(stored.key) == content
    assert store.fs.find("evidence") == [f"evidence/dhr/{stored.key}"]
    assert store.verify([stored]).passed

    store.fs.pipe_file(f"evidence/dhr/{stored.key}", b"altered")
    assert store.verify([stored]).altered == (stored.key,)
    store.fs.rm_file(f"evidence/dhr/{stored.key}")
    assert store.verify([stored]).missing == (stored.key,)


def test_a_missing_bucket_is_unavailable(s3_server: str) -> None:
    store = EvidenceStore.from_url(
        "s3://no-such-bucket/dhr",
        key="testing",
        secret="testing",
        client_kwargs={"endpoint_url": s3_server, "region_name": "eu-west-2"},
        skip_instance_cache=True,
    )
    with pytest.raises(StoreUnavailable, match="no-such-bucket"):
        store.put(b"x", name="x.txt", media_type="text/plain")
