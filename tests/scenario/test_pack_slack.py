"""`/dhr pack` over the signed HTTP edge: the ZIP arrives by DM, and outlives Slack's copy."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

from harness import OFFICER, Bot, open_form, state, submit

COORDINATOR = "U0COORD"
MINUTES = b"%PDF-1.4\n" + b"steering group minutes " * 200


def _exported(bot: Bot, text: str, user: str = COORDINATOR) -> tuple[str, bytes] | str:
    """Run a command that sends a file; return the file's name and bytes, or the reply."""
    before = len(bot.slack.calls_to("files.completeUploadExternal"))
    status, _, _ = bot.sender.command(text, user_id=user)
    assert status == 200
    bot.wait_idle()
    uploads = bot.slack.calls_to("files.completeUploadExternal")
    if len(uploads) == before:
        return str(bot.slack.calls_to("response_url")[-1].args["text"])
    stored = bot.slack.uploads[uploads[-1].args["files"][0]["id"]]
    return stored.filename, stored.data


def _pack(bot: Bot, text: str = "pack", user: str = COORDINATOR) -> zipfile.ZipFile | str:
    sent = _exported(bot, text, user)
    return sent if isinstance(sent, str) else zipfile.ZipFile(io.BytesIO(sent[1]))


def _attach_minutes(bot: Bot) -> None:
    bot.slack.add_file(
        "F0MINUTES", "minutes.pdf", "https://example.slack.com/f/9",
        mimetype="application/pdf", content=MINUTES,
    )  # fmt: skip
    view = open_form(bot)
    files = [{"id": "F0MINUTES", "name": "minutes.pdf", "permalink": "https://x.slack.com/f/9"}]
    submit(bot, view, state("complete", note="Signed off by the board", day="2026-11-20",
                            files=files))  # fmt: skip
    bot.wait_idle()


def test_pack_arrives_by_dm_with_the_file_even_after_slack_deleted_it(bot: Bot) -> None:
    _attach_minutes(bot)
    first = _pack(bot)
    assert isinstance(first, zipfile.ZipFile)
    upload = bot.slack.calls_to("files.completeUploadExternal")[-1]
    assert upload.args["channel_id"] == "D" + COORDINATOR
    names = first.namelist()
    assert {"index.html", "pack.pdf", "plan.csv", "plan.xlsx", "manifest.json"} <= set(names)
    [kept] = [n for n in names if n.startswith("evidence/")]
    assert first.read(kept) == MINUTES
    manifest = json.loads(first.read("manifest.json"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert listed[kept] == hashlib.sha256(MINUTES).hexdigest()
    html = first.read("index.html").decode()
    assert "Signed off by the board" in html and "minutes.pdf" in html

    bot.slack.delete_file("F0MINUTES")
    again = _pack(bot)
    assert isinstance(again, zipfile.ZipFile)
    assert again.read(kept) == MINUTES
    # Same data, same day: the same bytes.
    first_bytes = [first.read(n) for n in names]
    assert [again.read(n) for n in again.namelist()] == first_bytes


def test_pack_is_refused_to_anyone_but_a_coordinator_revealing_nothing(bot: Bot) -> None:
    for user in (OFFICER, "U0STRANGER"):
        real = _pack(bot, "pack lily", user=user)
        made_up = _pack(bot, "pack nosuchreview", user=user)
        assert isinstance(real, str) and isinstance(made_up, str)
        assert real == made_up and "lily" not in real
    assert bot.slack.calls_to("files.completeUploadExternal") == []


def test_pack_of_an_unknown_review_says_which_exist(bot: Bot) -> None:
    reply = _pack(bot, "pack nosuch")
    assert isinstance(reply, str) and "nosuch" in reply
    assert bot.slack.calls_to("files.completeUploadExternal") == []


def test_report_arrives_by_dm_for_a_coordinator_only(bot: Bot) -> None:
    refused = _pack(bot, "report", user=OFFICER)
    assert isinstance(refused, str) and "coordinators" in refused
    bot.sender.command("report", user_id=COORDINATOR)
    bot.wait_idle()
    [upload] = bot.slack.calls_to("files.completeUploadExternal")
    assert upload.args["channel_id"] == "D" + COORDINATOR
    data = bot.slack.uploads[upload.args["files"][0]["id"]].data
    assert data.startswith(b"%PDF")


def test_export_sends_the_format_asked_for_and_refuses_one_it_does_not_make(bot: Bot) -> None:
    as_csv = _exported(bot, "export lily csv")
    assert isinstance(as_csv, tuple) and as_csv[0] == "lily-action-plan.csv"
    assert as_csv[1].decode("utf-8-sig").startswith("review,ref,recommendation,")
    as_xlsx = _exported(bot, "export lily")
    assert isinstance(as_xlsx, tuple) and as_xlsx[0] == "lily-action-plan.xlsx"
    assert as_xlsx[1].startswith(b"PK")  # a workbook is a ZIP
    only_review = _exported(bot, "export CSV")
    assert isinstance(only_review, tuple) and only_review[0] == "lily-action-plan.csv"
    uploads = len(bot.slack.calls_to("files.completeUploadExternal"))
    refused = _exported(bot, "export lily pdf")
    assert isinstance(refused, str) and "XLSX or CSV" in refused and "/dhr report" in refused
    assert "Usage" in str(_exported(bot, "export lily csv please"))
    assert len(bot.slack.calls_to("files.completeUploadExternal")) == uploads


def test_a_pack_of_some_actions_is_named_after_them(bot: Bot) -> None:
    for text, part in (("pack 1.2 1.1", "1.1-1.2"), ("pack 1.1 1.2 1.3 2.1", "4-actions")):
        bot.sender.command(text, user_id=COORDINATOR)
        bot.wait_idle()
        upload = bot.slack.calls_to("files.completeUploadExternal")[-1].args["files"][0]
        name = bot.slack.uploads[upload["id"]].filename
        assert name.startswith(f"lily-evidence-pack-{part}-") and name.endswith(".zip"), name
    bot.sender.command("pack", user_id=COORDINATOR)
    bot.wait_idle()
    upload = bot.slack.calls_to("files.completeUploadExternal")[-1].args["files"][0]
    assert re.fullmatch(
        r"lily-evidence-pack-\d{4}-\d{2}-\d{2}\.zip", bot.slack.uploads[upload["id"]].filename
    )
