"""The evidence pack: contents, determinism, escaping, manifest and missing files."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import replace
from io import BytesIO

import pytest
from pack_data import GENERATED_ON, MINUTES, PHOTO, STORE, review

from bot.pack import NOT_IN_STORE, PackReview, build_pack
from bot.pack.pdf import latin1

CSV = b"Theme,Recommendation\nMARAC,1\n"
XLSX = b"PK\x03\x04 not really a workbook"


def build(data: PackReview | None = None, store: dict[str, bytes] | None = None) -> bytes:
    files = store if store is not None else STORE
    return build_pack(
        data or review(), files=files.get, plan_csv=CSV, plan_xlsx=XLSX, generated_on=GENERATED_ON
    )


def entries(pack: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(pack)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_pack_holds_the_pages_the_plan_and_the_evidence() -> None:
    files = entries(build())
    assert sorted(files) == [
        "evidence/1.1-minutes.pdf",
        "evidence/2.1-poster.png",
        "index.html",
        "manifest.json",
        "pack.pdf",
        "plan.csv",
        "plan.xlsx",
    ]
    assert files["evidence/1.1-minutes.pdf"] == MINUTES
    assert files["evidence/2.1-poster.png"] == PHOTO
    assert files["plan.csv"] == CSV
    assert files["plan.xlsx"] == XLSX
    assert files["pack.pdf"].startswith(b"%PDF-")


def test_a_pack_built_twice_is_byte_identical() -> None:
    first = build()
    assert build() == first
    with zipfile.ZipFile(BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 12, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_manifest_lists_every_file_with_its_hash() -> None:
    files = entries(build())
    manifest = json.loads(files["manifest.json"])
    assert manifest["review"] == "lily"
    assert manifest["generated_on"] == "2026-12-01"
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json"}
    for name, data in files.items():
        if name != "manifest.json":
            assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()
            assert listed[name]["size"] == len(data)


def test_index_shows_each_action_with_sign_off_timeline_and_evidence() -> None:
    html = entries(build())["index.html"].decode()
    assert '<html lang="en-GB">' in html
    assert '<h2 id="r-1">Recommendation 1</h2>' in html
    assert '<h3 id="a-1-1">Action 1.1</h3>' in html
    assert "Signed off 25 Nov 2022 by Chris Coordinator." in html
    assert "MARAC referrals from health doubled" in html
    assert "Safelives report came late" in html
    assert "Attached the minutes" in html and "14 Sep 2022 10:05" in html
    assert '<a href="evidence/1.1-minutes.pdf">' in html
    assert hashlib.sha256(MINUTES).hexdigest() in html
    # Status in words, not only colour; overdue said outright.
    assert "Signed off <span" in html and "RAG: Blue" in html
    assert "RAG: Red" in html and "Overdue" in html
    assert "Not copied: The file is 76.3 MB" in html
    assert '<th scope="col">When</th>' in html and '<th scope="row">Lead agency</th>' in html
    assert "@media print" in html
    # Self-contained: nothing fetched from elsewhere.
    assert not re.search(r"<(script|link|img)\b", html)


def test_user_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> <!channel> & "quotes"'
    data = review(evidence_text=hostile)
    data = replace(
        data,
        title="Review <b>bold</b>",
        recommendations=(
            replace(data.recommendations[0], text="<!channel> please <img src=x>"),
            *data.recommendations[1:],
        ),
    )
    html = entries(build(data))["index.html"].decode()
    assert "<script" not in html
    assert "<!channel>" not in html
    assert "<b>bold</b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;!channel&gt; &amp;" in html
    assert "&lt;!channel&gt; please &lt;img src=x&gt;" in html


def test_a_file_missing_from_the_store_is_listed_not_fatal() -> None:
    only_photo = {k: v for k, v in STORE.items() if v == PHOTO}
    files = entries(build(store=only_photo))
    assert "evidence/1.1-minutes.pdf" not in files
    assert "evidence/2.1-poster.png" in files
    html = files["index.html"].decode()
    assert NOT_IN_STORE in html
    assert "not in the store" in NOT_IN_STORE.lower()
    # The recorded hash is still shown, so the file can be matched if it turns up.
    assert hashlib.sha256(MINUTES).hexdigest() in html


def test_an_altered_file_is_flagged() -> None:
    altered = {**STORE}
    for k, v in STORE.items():
        if v == MINUTES:
            altered[k] = b"tampered"
    html = entries(build(store=altered))["index.html"].decode()
    assert "ALTERED" in html


def test_the_same_file_on_two_actions_is_packed_once() -> None:
    data = review()
    first = data.recommendations[0].actions[0]
    second = replace(data.recommendations[1].actions[0], evidence=first.evidence)
    data = replace(
        data,
        recommendations=(
            data.recommendations[0],
            replace(data.recommendations[1], actions=(second,)),
        ),
    )
    files = entries(build(data))
    assert [n for n in files if n.startswith("evidence/")] == ["evidence/1.1-minutes.pdf"]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("“Quoted” — dash…", '"Quoted" - dash...'),
        ("Łucja Nowak", "Lucja Nowak"),
        ("Café £5 €6", "Café £5 EUR6"),
        ("Zoë Škoda", "Zoë Skoda"),
        ("emoji 🙂 here", "emoji ? here"),
    ],
)
def test_pdf_text_is_made_latin1(text: str, safe: str) -> None:
    assert latin1(text) == safe
    latin1(text).encode("latin-1")


def test_the_pdf_carries_the_content() -> None:
    pdf = entries(build())["pack.pdf"]
    assert b"/CreationDate (D:20261201000000Z" in pdf or b"D:20261201" in pdf
    assert b"/Lang (en-GB)" in pdf
