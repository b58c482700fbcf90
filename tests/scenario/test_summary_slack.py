"""`/dhr summary` previews; a coordinator's "Post now" posts once; `/dhr reminders off`."""

from __future__ import annotations

import json

from sqlalchemy import select

from blockkit_limits import assert_within_limits
from devkit.localslack.payloads import block_actions_payload, button_action
from harness import Bot
from storage.models import ReminderPreference

COORDINATOR = "U0COORD"
OWNER = "U0SSPOFFICER"


def _press_post_now(bot: Bot, value: str, name: str) -> None:
    payload = block_actions_payload(
        button_action("summary_post", value, block_id="summary_post", text="Post now"),
        user_id=COORDINATOR,
        response_url=bot.slack.response_url(name),
    )
    assert bot.sender.interact(payload).status == 200


def test_coordinator_previews_then_posts_once_a_week(bot: Bot) -> None:
    bot.sender.command("summary", user_id=COORDINATOR)
    preview = bot.slack.wait_for("response_url")[0]
    assert_within_limits(preview)
    buttons = [e for b in preview.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["summary_post"]
    assert bot.slack.calls_to("chat.postMessage") == []  # a preview posts nothing

    _press_post_now(bot, buttons[0]["value"], "first")
    reply = bot.slack.wait_for("response_url", count=2)[1]
    assert "Posted to the summary channel" in reply.args["text"]
    posts = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == "C0BOARD"]
    assert len(posts) == 1
    assert_within_limits(posts[0])

    _press_post_now(bot, buttons[0]["value"], "again")
    again = bot.slack.wait_for("response_url", count=3)[2]
    assert "already in the channel" in again.args["text"]
    posts = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == "C0BOARD"]
    assert len(posts) == 1


def test_owner_previews_without_a_post_button_and_cannot_post(bot: Bot) -> None:
    bot.sender.command("summary", user_id=OWNER)
    preview = bot.slack.wait_for("response_url")[0]
    assert "summary_post" not in json.dumps(preview.args["blocks"])
    _press_post_now_as(bot, OWNER)
    refusal = bot.slack.wait_for("response_url", count=2)[1]
    assert "Only coordinators can post the summary" in refusal.args["text"]
    assert bot.slack.calls_to("chat.postMessage") == []


def _press_post_now_as(bot: Bot, user: str) -> None:
    payload = block_actions_payload(
        button_action("summary_post", "lily", block_id="summary_post", text="Post now"),
        user_id=user,
        response_url=bot.slack.response_url("forged"),
    )
    assert bot.sender.interact(payload).status == 200


def test_reminders_off_is_stored_and_bad_choice_explained(bot: Bot) -> None:
    bot.sender.command("reminders maybe", user_id=OWNER)
    assert "Usage" in bot.slack.wait_for("response_url")[0].args["text"]
    bot.sender.command("reminders off", user_id=OWNER)
    assert "*off*" in bot.slack.wait_for("response_url", count=2)[1].args["text"]
    with bot.db.uow() as session:
        pref = session.scalar(select(ReminderPreference).where(ReminderPreference.user_id == OWNER))
    assert pref is not None and pref.enabled is False
