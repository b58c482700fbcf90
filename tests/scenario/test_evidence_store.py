"""Evidence files copied into the store through the signed HTTP edge and the Web API stand-in."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from bot.evidence import EvidenceStore
from devkit.localslack.payloads import message_shortcut_payload
from harness import OFFICER, Bot, action_of, open_form, state, submit, submit_evidence
from storage.models import Evidence

COORDINATOR = "U0COORD"
PDF = b"%PDF-1.4\n" + b"MARAC minutes " * 500


def _attach(bot: Bot, file_id: str, name: str = "marac-review.pdf") -> None:
    view = open_form(bot)
    files = [{"id": file_id, "name": name, "permalink": f"https://example.slack.com/f/{file_id}"}]
    assert submit(bot, view, state("in_progress", note="Minutes attached", files=files)) is None
    bot.wait_idle()


def _rows(bot: Bot) -> list[Evidence]:
    with bot.db.uow() as session:
        rows = list(session.scalars(select(Evidence).where(Evidence.kind == "file")))
        session.expunge_all()
        return rows


def _store(bot: Bot) -> EvidenceStore:
    return EvidenceStore.from_url(bot.settings.evidence_store_url())


def _dms_to(bot: Bot, user: str) -> list[str]:
    return [
        c.args["text"] for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == user
    ]


def _stored_files(bot: Bot) -> list[Path]:
    root = Path(bot.settings.evidence_store_url())
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_uploaded_file_is_copied_and_hashed(bot: Bot) -> None:
    bot.slack.add_file(
        "F0REPORT", "marac-review.pdf", "https://example.slack.com/f/1",
        mimetype="application/pdf", content=PDF,
    )  # fmt: skip
    _attach(bot, "F0REPORT")
    [row] = _rows(bot)
    assert (row.copy_state, row.size, row.media_type) == ("copied", len(PDF), "application/pdf")
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert row.stored_key and _store(bot).read(row.stored_key) == PDF
    download = bot.slack.calls_to("files.download")
    assert [c.args["file"] for c in download] == ["F0REPORT"] and download[0].status == 200
    assert _dms_to(bot, COORDINATOR) == []


def test_a_message_with_files_becomes_evidence_with_copies(bot: Bot) -> None:
    bot.slack.add_file(
        "F0MINUTES", "minutes.docx", "https://example.slack.com/f/2", content=b"PK minutes"
    )
    message = bot.slack.add_message(
        "C0WORK", "Minutes attached", "U0SOMEONE",
        files=[{"id": "F0MINUTES", "name": "minutes.docx"}],
    )  # fmt: skip
    bot.sender.interact(
        message_shortcut_payload(
            callback_id="add_evidence",
            message=message,
            channel="C0WORK",
            user_id=OFFICER,
            response_url=bot.slack.response_url("shortcut"),
        )
    )
    bot.slack.wait_for("views.open")
    view = list(bot.slack.views.values())[-1]
    assert _rows(bot) == []  # nothing is stored until the form is submitted
    chosen = action_of(bot, "1.1")
    submit_evidence(bot, view, chosen.id, None)
    [row] = _rows(bot)
    assert (row.file_id, row.copy_state, row.file_name) == ("F0MINUTES", "copied", "minutes.docx")
    assert row.url == "https://example.slack.com/f/2"
    assert _store(bot).read(row.stored_key or "") == b"PK minutes"


def test_a_file_id_slack_does_not_know_is_recorded_as_failed_and_reported(bot: Bot) -> None:
    _attach(bot, "F0NOSUCH")
    [row] = _rows(bot)
    assert row.copy_state == "failed" and "file_not_found" in (row.copy_note or "")
    assert row.stored_key is None and _stored_files(bot) == []
    [dm] = _dms_to(bot, COORDINATOR)
    assert "lily:1.1" in dm and "could not be copied" in dm and "file_not_found" in dm


def test_a_download_that_keeps_failing_is_retried_then_reported(bot: Bot) -> None:
    bot.slack.add_file("F0FLAKY", "plan.pdf", "https://example.slack.com/f/3", content=PDF)
    bot.slack.fail_next("files.download", error="unavailable", status=503, times=10)
    _attach(bot, "F0FLAKY", "plan.pdf")
    [row] = _rows(bot)
    assert row.copy_state == "failed" and "after 4 attempts" in (row.copy_note or "")
    assert len(bot.slack.calls_to("files.download")) == 4
    assert _stored_files(bot) == []
    [dm] = _dms_to(bot, COORDINATOR)
    assert "plan.pdf" in dm and "503" in dm


def test_a_download_that_times_out_is_reported(bot: Bot) -> None:
    bot.settings.dhr_evidence_timeout = 0.2
    bot.slack.add_file("F0SLOW", "slow.pdf", "https://example.slack.com/f/4", content=PDF)
    bot.slack.fail_next("files.download", error=None, delay=0.6, times=4)
    _attach(bot, "F0SLOW", "slow.pdf")
    [row] = _rows(bot)
    assert row.copy_state == "failed" and "connection failed" in (row.copy_note or "")
    assert _stored_files(bot) == []
    assert len(_dms_to(bot, COORDINATOR)) == 1


def test_oversize_and_disallowed_files_are_recorded_but_not_copied(bot: Bot) -> None:
    bot.slack.add_file("F0HUGE", "video.pdf", "https://example.slack.com/f/5", size=40_000_000)
    bot.slack.add_file("F0EXE", "tool.exe", "https://example.slack.com/f/6", content=b"MZ")
    view = open_form(bot)
    files = [
        {"id": "F0HUGE", "name": "video.pdf", "permalink": "https://example.slack.com/f/5"},
        {"id": "F0EXE", "name": "tool.exe", "permalink": "https://example.slack.com/f/6"},
    ]
    submit(bot, view, state("in_progress", note="Two files", files=files))
    bot.wait_idle()
    rows = {r.file_id: r for r in _rows(bot)}
    assert rows["F0HUGE"].copy_state == "not_copied" and "limit" in (rows["F0HUGE"].copy_note or "")
    assert rows["F0HUGE"].size == 40_000_000
    assert rows["F0EXE"].copy_state == "not_copied" and "exe" in (rows["F0EXE"].copy_note or "")
    assert bot.slack.calls_to("files.download") == [] and _stored_files(bot) == []
    told = _dms_to(bot, OFFICER)
    assert sum("not copied to the evidence store" in text for text in told) == 2


def test_a_store_that_cannot_be_written_is_reported_and_nothing_is_kept(
    bot: Bot, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store should be")
    bot.settings.dhr_evidence_store = str(blocker / "evidence")
    bot.slack.add_file("F0OK", "ok.pdf", "https://example.slack.com/f/7", content=PDF)
    _attach(bot, "F0OK", "ok.pdf")
    [row] = _rows(bot)
    assert row.copy_state == "failed" and "could not be written to" in (row.copy_note or "")
    assert row.stored_key is None and row.sha256 is None
    [dm] = _dms_to(bot, COORDINATOR)
    assert "ok.pdf" in dm and "evidence store" in dm
