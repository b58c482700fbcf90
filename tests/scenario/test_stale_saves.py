"""Saves that start from something the person saw: refused when it moved on, stored once."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from bot.readmodel.updates import Recheck
from bot.services.actions import ActionService
from harness import Bot, action_of, ask, buttons, click, open_form, state, submit, wait_named
from storage.models import Update

LEAD = "U0SSPLEAD"
OWNER = "U0COORD"


def _people_updates(bot: Bot) -> list[Update]:
    with bot.db.uow() as session:
        return list(
            session.scalars(select(Update).where(Update.source != "import").order_by(Update.id))
        )


def _complete(bot: Bot) -> None:
    view = open_form(bot, "1.1", user=OWNER)
    answer = submit(bot, view, state("complete", note="Delivered", day="2026-11-20"), user=OWNER)
    assert answer is None
    bot.wait_idle()
    assert action_of(bot, "1.1").status == "complete"


def _dms(bot: Bot, user: str) -> list[dict[str, Any]]:
    return [c.args for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == user]


def test_a_stale_form_is_reopened_on_the_current_state_and_stores_nothing(bot: Bot) -> None:
    stale = open_form(bot, "1.1", user=LEAD)  # shows Not started
    _complete(bot)
    answer = submit(bot, stale, state("not_started", note="Chased the team"), user=LEAD)
    assert answer["response_action"] == "update"
    reopened = answer["view"]
    text = json.dumps(reopened, ensure_ascii=False)
    assert f"<@{OWNER}>" in text and "Not started → Complete" in text
    assert "Thu 26 Nov 2026" in text  # when (the frozen clock's day)
    note = next(b for b in reopened["blocks"] if b.get("block_id") == "note")
    assert note["element"]["initial_value"] == "Chased the team"
    status = next(b for b in reopened["blocks"] if b.get("block_id") == "status")
    assert status["element"]["initial_option"]["value"] == "complete"
    action = action_of(bot, "1.1")
    assert (action.status, str(action.completed_on)) == ("complete", "2026-11-20")
    assert len(_people_updates(bot)) == 1


def test_the_reopened_form_saves_only_the_note_and_keeps_the_completion(bot: Bot) -> None:
    stale = open_form(bot, "1.1", user=LEAD)
    _complete(bot)
    answer = submit(bot, stale, state("not_started", note="Chased the team"), user=LEAD)
    reopened = dict(stale, **{k: answer["view"][k] for k in ("private_metadata", "blocks")})
    again = submit(
        bot, reopened, state("complete", note="Chased the team", day="2026-11-20"), user=LEAD
    )
    assert again is None
    bot.wait_idle()
    action = action_of(bot, "1.1")
    assert (action.status, str(action.completed_on)) == ("complete", "2026-11-20")
    last = _people_updates(bot)[-1]
    assert (last.user_id, last.status_before, last.status_after) == (LEAD, "complete", "complete")
    assert last.note == "Chased the team"


def test_a_note_alone_does_not_send_the_status_back(bot: Bot) -> None:
    _complete(bot)
    view = open_form(bot, "1.1", user=LEAD)
    # The form shows Complete with its date; the lead only types a note.
    assert (
        submit(bot, view, state("complete", note="Board told", day="2026-11-20"), user=LEAD) is None
    )
    bot.wait_idle()
    last = _people_updates(bot)[-1]
    assert (last.status_before, last.status_after, str(last.completed_on)) == (
        "complete",
        "complete",
        "2026-11-20",
    )


def test_a_stale_proposal_save_names_the_change_and_keeps_the_note(bot: Bot) -> None:
    reply = ask(bot, "update 1.1 started, spoke to Safelives", user=LEAD)
    save = buttons(reply)["proposal_save"]
    _complete(bot)
    hook = click(bot, save, user=LEAD)
    answer = wait_named(bot, hook)
    assert f"<@{OWNER}>" in answer.args["text"] and "nothing was saved" in answer.args["text"]
    reopen = buttons(answer)["proposal_edit"]
    assert "spoke to Safelives" in json.loads(reopen["value"])["n"]
    assert len(_people_updates(bot)) == 1
    assert action_of(bot, "1.1").status == "complete"


def test_the_same_form_submission_twice_stores_one_update(bot: Bot) -> None:
    view = open_form(bot, "1.1", user=LEAD)
    values = state("in_progress", note="Started the review")
    assert submit(bot, view, values, user=LEAD) is None
    bot.wait_idle()
    assert submit(bot, view, values, user=LEAD) is None  # replayed, or a double click
    bot.wait_idle()
    assert len(_people_updates(bot)) == 1
    texts = [dm["text"] for dm in _dms(bot, LEAD)]
    assert any("Saved your update" in t for t in texts)
    assert any("already saved" in t for t in texts)
    assert not any("went wrong" in t for t in texts)


def test_a_change_between_the_check_and_the_lock_is_refused_by_dm(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = open_form(bot, "1.1", user=LEAD)
    _complete(bot)
    checked = ActionService.recheck

    def raced(self: ActionService, *args: Any, **kwargs: Any) -> Recheck:
        # The check before the ack saw no change; the owner's save lands before the lock.
        return replace(checked(self, *args, **kwargs), changes=())

    monkeypatch.setattr(ActionService, "recheck", raced)
    assert submit(bot, stale, state("not_started", note="Chased the team"), user=LEAD) is None
    bot.wait_idle()
    dm = _dms(bot, LEAD)[-1]
    assert f"<@{OWNER}>" in dm["text"] and "nothing was saved" in dm["text"]
    reopen = next(e for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert json.loads(reopen["value"])["n"] == "Chased the team"
    assert len(_people_updates(bot)) == 1
    assert action_of(bot, "1.1").status == "complete"
