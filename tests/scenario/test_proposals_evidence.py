"""Plain-language proposals (Save / Edit / Cancel), evidence by command and shortcut, App Home."""

from __future__ import annotations

import json
import threading
from typing import Any

from sqlalchemy import select

from blockkit_limits import assert_within_limits
from devkit.localslack.payloads import (
    app_home_opened_event,
    interaction_body,
    message_shortcut_payload,
)
from devkit.localslack.server import APP_ID, TEAM_ID
from harness import Bot, action_of, ask, buttons, click, stored, submit_evidence, wait_named
from storage.models import Action, Evidence

OFFICER = "U0SSPOFFICER"
POLICE_LEAD = "U0POLICELEAD"
STRANGER = "U0STRANGER"
SENTENCE = "done on 3 March, slides at https://example.org/s.pdf"


def test_proposal_stores_nothing_until_save_and_carries_the_update(bot: Bot) -> None:
    proposal = ask(bot, f"update 1.1 {SENTENCE}")
    assert "nothing saved yet" in proposal.args["text"]
    found = buttons(proposal)
    assert set(found) == {"proposal_save", "proposal_edit", "proposal_cancel"}
    value = json.loads(found["proposal_save"]["value"])
    assert value["a"] == action_of(bot, "1.1").id
    assert (value["s"], value["c"], value["l"]) == (
        "complete",
        "2026-03-03",
        ["https://example.org/s.pdf"],
    )
    assert stored(bot) == (0, 0)

    saved = wait_named(bot, click(bot, found["proposal_save"]))
    assert "Saved" in saved.args["text"] and saved.args["replace_original"] is True
    assert stored(bot) == (1, 1)
    assert_within_limits(bot.slack.wait_for("views.publish")[0])


def test_proposal_edit_opens_the_form_prefilled(bot: Bot) -> None:
    found = buttons(ask(bot, f"update 1.1 {SENTENCE}"))
    click(bot, found["proposal_edit"])
    opened = bot.slack.wait_for("views.open")[0]
    assert_within_limits(opened)
    inputs = {b["block_id"]: b["element"] for b in opened.args["view"]["blocks"] if "block_id" in b}
    assert inputs["status"]["initial_option"]["value"] == "complete"
    assert inputs["date"]["initial_date"] == "2026-03-03"
    assert inputs["links"]["initial_value"] == "https://example.org/s.pdf"
    assert inputs["note"]["initial_value"] == SENTENCE
    assert stored(bot) == (0, 0)


def test_proposal_cancel_stores_nothing(bot: Bot) -> None:
    found = buttons(ask(bot, f"update 1.1 {SENTENCE}"))
    cancelled = wait_named(bot, click(bot, found["proposal_cancel"]))
    assert "nothing was saved" in cancelled.args["text"]
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_proposal_with_problems_offers_no_save(bot: Bot) -> None:
    proposal = ask(bot, "update 1.1 done on 3 March and on 5 March")
    assert "proposal_save" not in buttons(proposal)
    assert {"proposal_edit", "proposal_cancel"} <= set(buttons(proposal))
    assert "can't save this" in json.dumps(proposal.args)
    assert stored(bot) == (0, 0)


def test_proposal_save_by_someone_else_is_refused(bot: Bot) -> None:
    found = buttons(ask(bot, f"update 1.1 {SENTENCE}"))
    refused = wait_named(bot, click(bot, found["proposal_save"], user=POLICE_LEAD))
    assert "can't do that" in refused.args["text"]
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_evidence_command_stores_a_link_or_a_description(bot: Bot) -> None:
    reply = ask(bot, "evidence 1.1 <https://example.org/minutes|minutes> Board minutes")
    assert "Evidence added to `lily:1.1`" in reply.args["text"]
    ask(bot, "evidence 1.1 Paper copy in the SSP safe")
    with bot.db.uow() as session:
        rows = [(e.kind, e.url, e.description) for e in session.scalars(select(Evidence))]
    assert rows == [
        ("link", "https://example.org/minutes", "Board minutes"),
        ("note", None, "Paper copy in the SSP safe"),
    ]
    refused = ask(bot, "evidence 1.1 https://example.org/x", user=POLICE_LEAD)
    assert "can't do that" in refused.args["text"]
    assert stored(bot) == (0, 2)


def _suggest(bot: Bot, view: dict[str, Any], typed: str, user: str = OFFICER) -> Any:
    payload = {
        "type": "block_suggestion",
        "user": {"id": user, "name": user.lower(), "team_id": TEAM_ID},
        "team": {"id": TEAM_ID, "domain": "example"},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "action_id": "evidence_action",
        "block_id": "action",
        "value": typed,
        "container": {"type": "view", "view_id": view["id"]},
        "view": view,
    }
    response = bot.sender.post(interaction_body(payload), "application/x-www-form-urlencoded")
    assert response.status == 200
    return response.json()


def test_message_shortcut_stores_permalink_and_excerpt(bot: Bot) -> None:
    message = bot.slack.add_message("C0WORK", "MARAC review signed off <today>", "U0SOMEONE")
    bot.sender.interact(
        message_shortcut_payload(
            callback_id="add_evidence",
            message=message,
            channel="C0WORK",
            user_id=OFFICER,
            response_url=bot.slack.response_url("shortcut"),
        )
    )
    opened = bot.slack.wait_for("views.open")[0]
    assert_within_limits(opened)
    view = list(bot.slack.views.values())[-1]
    assert view["callback_id"] == "evidence_form"

    options = _suggest(bot, view, "8.")["options"]
    assert [o["text"]["text"].split()[0] for o in options] == ["lily:8.1"]
    # A member of SSP may add evidence to every SSP action and to the ones they own.
    with bot.db.uow() as session:
        allowed = set(
            session.scalars(
                select(Action.id).where(
                    (Action.owner_id == OFFICER) | (Action.lead_agency.has(code="SSP"))
                )
            )
        )
    assert {int(o["value"]) for o in _suggest(bot, view, "")["options"]} == allowed

    answer = submit_evidence(bot, view, int(options[0]["value"]), "Sign-off")
    assert answer.status == 200 and answer.json() is None
    permalink = bot.slack.wait_for("chat.getPermalink")[0]
    assert (permalink.args["channel"], permalink.args["message_ts"]) == ("C0WORK", message["ts"])
    dm = bot.slack.wait_for("chat.postMessage")[0]
    assert dm.args["channel"] == OFFICER and "lily:8.1" in dm.args["text"]
    with bot.db.uow() as session:
        evidence = session.scalars(select(Evidence)).one()
        row = (evidence.kind, evidence.url, evidence.excerpt, evidence.description)
        assert evidence.action_id == action_of(bot, "8.1").id
    assert row == (
        "message",
        f"https://example.slack.com/archives/C0WORK/p{message['ts'].replace('.', '')}",
        "MARAC review signed off <today>",
        "Sign-off",
    )


def test_message_shortcut_from_a_stranger_opens_nothing(bot: Bot) -> None:
    message = bot.slack.add_message("C0WORK", "hello", "U0SOMEONE")
    bot.sender.interact(
        message_shortcut_payload(
            callback_id="add_evidence",
            message=message,
            channel="C0WORK",
            user_id=STRANGER,
            response_url=bot.slack.response_url("shortcut"),
        )
    )
    reply = wait_named(bot, "shortcut")
    assert "not registered" in reply.args["text"] and "<@U0COORD>" in reply.args["text"]
    bot.wait_idle()
    assert not bot.slack.calls_to("views.open")


def test_app_home_for_a_registered_person_and_a_stranger(bot: Bot) -> None:
    assert bot.sender.event(app_home_opened_event(OFFICER)).status == 200
    home = bot.slack.wait_for("views.publish")[0]
    assert_within_limits(home)
    text = json.dumps(home.args)
    assert home.args["user_id"] == OFFICER
    assert "Your actions" in text and "lily:1.1" in text and "The plan at a glance" in text

    bot.sender.event(app_home_opened_event(STRANGER))
    stranger = bot.slack.wait_for("views.publish", count=2)[1]
    assert_within_limits(stranger)
    assert stranger.args["user_id"] == STRANGER
    assert "not registered" in json.dumps(stranger.args) and "<@U0COORD>" in json.dumps(
        stranger.args
    )


def test_pressing_save_twice_stores_the_update_once(bot: Bot) -> None:
    found = buttons(ask(bot, f"update 1.1 {SENTENCE}"))
    first = wait_named(bot, click(bot, found["proposal_save"]))
    second = wait_named(bot, click(bot, found["proposal_save"]))
    assert "Saved" in first.args["text"]
    assert "already saved" in second.args["text"]
    assert stored(bot) == (1, 1)


def test_two_saves_racing_store_the_update_once(bot: Bot) -> None:
    found = buttons(ask(bot, f"update 1.1 {SENTENCE}"))
    hooks: list[str] = []
    racers = [
        threading.Thread(target=lambda: hooks.append(click(bot, found["proposal_save"])))
        for _ in range(2)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    replies = sorted(wait_named(bot, hook).args["text"] for hook in hooks)
    assert sum("already saved" in text for text in replies) == 1
    assert stored(bot) == (1, 1)
