"""The edge: request signatures, health, Slack API failures and malformed payloads."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from bot.app import create_app
from bot.web import wsgi_app
from devkit.localslack.payloads import block_actions_payload, button_action, slash_command_body
from devkit.localslack.signing import SignedSender, sign
from harness import Bot, changed, get, open_form, serving, state, submit, wait_named
from storage.db import Database

COORD = "U0COORD"
OFFICER = "U0SSPOFFICER"
SECRET = "test-signing-secret"


# -- signatures -----------------------------------------------------------------------------


def _assign_body(bot: Bot) -> str:
    return slash_command_body(
        "assign 1.3 <@U0SSPOFFICER>", user_id=COORD, response_url=bot.slack.response_url("x")
    )


def test_correctly_signed_request_is_served(bot: Bot) -> None:
    response = bot.sender.post(_assign_body(bot), "application/x-www-form-urlencoded")
    assert response.status == 200
    wait_named(bot, "x")
    assert changed(bot)[2] == OFFICER


@pytest.mark.parametrize(
    "sender",
    [
        pytest.param(lambda url: SignedSender(url, "not-the-secret"), id="bad-signature"),
        pytest.param(
            lambda url: SignedSender(url, SECRET, clock=lambda: time.time() - 301), id="stale"
        ),
        pytest.param(
            # Not +301: the header is truncated to whole seconds and the check runs later, so
            # a slow machine saw a skew of 300 s or less and accepted it (a flaky test).
            lambda url: SignedSender(url, SECRET, clock=lambda: time.time() + 330),
            id="future",
        ),
    ],
)
def test_badly_signed_and_stale_requests_get_401(bot: Bot, sender: Any) -> None:
    response = sender(bot.url).post(_assign_body(bot), "application/x-www-form-urlencoded")
    assert response.status == 401
    bot.wait_idle()
    assert changed(bot) == (0, 0, None)
    assert not bot.slack.calls_to("response_url")


def test_unsigned_request_gets_401(bot: Bot) -> None:
    request = urllib.request.Request(
        bot.url,
        data=_assign_body(bot).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 401
    raised.value.close()
    bot.wait_idle()
    assert changed(bot) == (0, 0, None)


def test_tampered_body_gets_401(bot: Bot) -> None:
    body = _assign_body(bot)
    # A correct signature for one body, sent with another.
    signed = sign(SECRET, body, int(time.time()))
    request = urllib.request.Request(
        bot.url,
        data=body.replace("U0COORD", "U0SSPLEAD").encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **signed},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 401
    raised.value.close()
    bot.wait_idle()
    assert changed(bot) == (0, 0, None)


# -- health ---------------------------------------------------------------------------------


def test_healthz_answers_200_with_the_database_up(bot: Bot) -> None:
    status, body = get(bot.url.replace("/slack/events", "/healthz"))
    assert (status, body) == (200, {"status": "ok", "database": "up"})


def test_healthz_answers_503_when_the_database_is_down(bot: Bot) -> None:
    down = Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    try:
        with serving(wsgi_app(create_app(bot.settings, db=down), down)) as root:
            status, body = get(f"{root}/healthz")
    finally:
        down.dispose()
    assert (status, body) == (503, {"status": "unavailable", "database": "down"})


# -- Slack API failures ---------------------------------------------------------------------


def test_rate_limited_confirmation_is_retried_and_the_update_saved_once(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", "ratelimited", times=1, retry_after=1)
    submit(bot, open_form(bot), state(note="Started", links="https://example.org/a"))
    dms = bot.slack.wait_for("chat.postMessage", count=2, timeout=8)
    assert [c.status for c in dms] == [429, 200]
    assert "Saved your update" in dms[1].args["text"]
    assert changed(bot) == (1, 1, None)


def test_failing_confirmation_does_not_undo_or_deny_the_saved_update(bot: Bot) -> None:
    # The retry handler tries three times; Slack answers 500 each time.
    bot.slack.fail_next("chat.postMessage", "internal_error", status=500, times=3)
    submit(bot, open_form(bot), state(note="Started", links="https://example.org/a"))
    calls = bot.slack.wait_for("chat.postMessage", count=4, timeout=10)
    assert [c.status for c in calls[:3]] == [500, 500, 500]
    # The update and its evidence are stored whole, exactly once...
    assert changed(bot) == (1, 1, None)
    # ...and the user is not told that nothing was saved.
    assert "Nothing was saved" not in calls[3].args["text"]
    assert "saved" in calls[3].args["text"].lower()


# -- malformed payloads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("list_page", "{not json"),
        ("proposal_save", "{not json"),
        ("proposal_save", json.dumps({"a": 1, "s": "finished"})),
        ("proposal_edit", "[]"),
        ("open_update", "abc"),
    ],
)
def test_malformed_button_values_get_a_clear_message(bot: Bot, action_id: str, value: str) -> None:
    response = bot.sender.interact(
        block_actions_payload(
            button_action(action_id, value),
            user_id=OFFICER,
            channel_id="C0DHR0001",
            response_url=bot.slack.response_url("bad"),
        )
    )
    assert response.status == 200
    reply = wait_named(bot, "bad")
    assert "button" in reply.args["text"].lower()
    assert changed(bot) == (0, 0, None)


def test_unknown_action_id_gets_a_clear_message(bot: Bot) -> None:
    response = bot.sender.interact(
        block_actions_payload(
            button_action("retired_button", "1"),
            user_id=OFFICER,
            channel_id="C0DHR0001",
            response_url=bot.slack.response_url("unknown"),
        )
    )
    assert response.status == 200
    reply = wait_named(bot, "unknown")
    assert "button" in reply.args["text"].lower()
