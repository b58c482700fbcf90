"""The update form: opened by `/dhr update REF` and by buttons, validated, saved, refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from blockkit_limits import assert_within_limits
from devkit.localslack.payloads import block_actions_payload, button_action
from devkit.localslack.server import Call
from harness import Bot, action_of, open_form, state, stored, submit
from storage.models import Evidence, Update

OFFICER = "U0SSPOFFICER"
POLICE_LEAD = "U0POLICELEAD"


def test_update_without_text_opens_the_form(bot: Bot) -> None:
    view = open_form(bot)
    assert view["callback_id"] == "update_form"
    ids = [b.get("block_id") for b in view["blocks"] if b["type"] == "input"]
    assert ids == ["status", "note", "date", "when", "impact", "links", "files"]
    assert json.loads(view["private_metadata"])["u"] == OFFICER
    assert stored(bot) == (0, 0)


def test_update_button_opens_the_form_for_that_action(bot: Bot) -> None:
    action = action_of(bot, "8.1")
    bot.sender.interact(
        block_actions_payload(
            button_action("open_update", str(action.id), text="Update"),
            user_id=OFFICER,
            channel_id="C0DHR0001",
            response_url=bot.slack.response_url("button"),
        )
    )
    call = bot.slack.wait_for("views.open")[0]
    assert_within_limits(call)
    assert json.loads(call.args["view"]["private_metadata"])["a"] == action.id


def test_form_saves_status_note_date_links_and_files(bot: Bot) -> None:
    view = open_form(bot)
    files = [
        {
            "id": "F0REPORT",
            "name": "marac-review.pdf",
            "permalink": "https://example.slack.com/f/1",
        },
    ]
    answer = submit(
        bot,
        view,
        state(
            "complete",
            note="Review delivered to the board",
            day="2026-11-20",
            links="https://example.org/report\nhttp://example.org/minutes",
            files=files,
        ),
    )
    assert answer is None
    dm = bot.slack.wait_for("chat.postMessage")[0]
    assert dm.args["channel"] == OFFICER
    assert "lily:1.1" in dm.args["text"] and "Complete" in dm.args["text"]
    home = bot.slack.wait_for("views.publish")[0]
    assert_within_limits(home)
    assert home.args["user_id"] == OFFICER
    action = action_of(bot, "1.1")
    assert (action.status, str(action.completed_on)) == ("complete", "2026-11-20")
    with bot.db.uow() as session:
        update = session.scalars(select(Update).where(Update.source == "modal")).one()
        assert update.note == "Review delivered to the board"
        rows = [
            (e.kind, e.url, e.file_id, e.file_name, e.update_id)
            for e in session.scalars(select(Evidence).order_by(Evidence.id))
        ]
    assert rows == [
        ("link", "https://example.org/report", None, None, update.id),
        ("link", "http://example.org/minutes", None, None, update.id),
        ("file", "https://example.slack.com/f/1", "F0REPORT", "marac-review.pdf", update.id),
    ]


def test_form_reads_a_typed_when_as_new_target(bot: Bot) -> None:
    view = open_form(bot)
    assert submit(bot, view, state("at_risk", note="Slipping", when="31/01/2027")) is None
    bot.slack.wait_for("views.publish")
    action = action_of(bot, "1.1")
    assert (action.status, str(action.due_date)) == ("at_risk", "2027-01-31")


REFUSED = [
    pytest.param(state("complete", note="x", day="2026-12-01"), "date", id="completion-in-future"),
    pytest.param(state("in_progress", note="x", day="2026-11-01"), "date", id="target-in-past"),
    pytest.param(state("in_progress", note="x", when="1 Nov 2026"), "when", id="typed-past"),
    pytest.param(state("complete", note="done"), "date", id="complete-without-date"),
    pytest.param(state("complete", day="2026-11-20"), "note", id="complete-without-evidence"),
    pytest.param(state("in_progress", links="ftp://example.org/x"), "links", id="ftp-link"),
    pytest.param(state("in_progress", links="example.org/x"), "links", id="bare-link"),
    pytest.param(state("in_progress", note="n" * 3001), "note", id="note-too-long"),
    pytest.param(state("in_progress", note="x", when="when pigs fly"), "when", id="bad-when"),
]


@pytest.mark.parametrize(("values", "block"), REFUSED)
def test_form_errors_land_on_the_right_block_and_nothing_is_stored(
    bot: Bot, values: dict[str, Any], block: str
) -> None:
    view = open_form(bot)
    block_ids = {b.get("block_id") for b in view["blocks"]}
    answer = submit(bot, view, values)
    assert answer["response_action"] == "errors"
    assert block in answer["errors"] and set(answer["errors"]) <= block_ids
    bot.wait_idle()  # the submission is fully handled: any write would have landed
    assert stored(bot) == (0, 0)
    assert action_of(bot, "1.1").status == "not_started"
    assert not bot.slack.calls_to("chat.postMessage")


def test_submission_replayed_by_another_user_is_refused(bot: Bot) -> None:
    view = open_form(bot)
    answer = submit(bot, view, state("in_progress", note="mine now"), user=POLICE_LEAD)
    assert answer["response_action"] == "errors"
    assert "opened by someone else" in answer["errors"]["note"]
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_edited_metadata_does_not_bypass_permission(bot: Bot) -> None:
    view = open_form(bot)
    forged = dict(view, private_metadata=view["private_metadata"].replace(OFFICER, POLICE_LEAD))
    answer = submit(bot, forged, state("in_progress", note="forged"), user=POLICE_LEAD)
    assert answer is None  # valid form: acked, then refused at the write
    dm = bot.slack.wait_for("chat.postMessage")[0]
    assert dm.args["channel"] == POLICE_LEAD and "can't do that" in dm.args["text"]
    assert stored(bot) == (0, 0)


def test_expired_trigger_tells_the_user(bot: Bot) -> None:
    bot.sender.command("update 1.1", user_id=OFFICER, trigger_id="expired-trigger")
    reply: Call = bot.slack.wait_for("response_url")[0]
    assert_within_limits(reply)
    assert reply.args["response_type"] == "ephemeral"
    assert "trigger expired" in reply.args["text"] and "try again" in reply.args["text"]
    assert stored(bot) == (0, 0)


def test_expired_trigger_on_the_update_button_tells_the_user(bot: Bot) -> None:
    action = action_of(bot, "1.1")
    bot.sender.interact(
        block_actions_payload(
            button_action("open_update", str(action.id), text="Update"),
            user_id=OFFICER,
            channel_id="C0DHR0001",
            response_url=bot.slack.response_url("button"),
            trigger_id="expired-1",
        )
    )
    reply = bot.slack.wait_for("response_url")[0]
    assert_within_limits(reply)
    assert "trigger expired" in reply.args["text"]


def test_logs_carry_ids_never_the_note_or_the_evidence(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    secret_note = "Victim-name-Zelda moved to refuge"
    secret_link = "https://example.org/zelda-case-notes"
    view = open_form(bot)
    assert (
        submit(bot, view, state("complete", note=secret_note, day="2026-11-20", links=secret_link))
        is None
    )
    bot.slack.wait_for("views.publish")
    assert stored(bot) == (1, 1)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "update" in logged  # the save was logged…
    assert "Zelda" not in logged and "zelda" not in logged  # …by its ids only
