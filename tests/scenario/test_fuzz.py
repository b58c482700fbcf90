"""Signed but malformed payloads of every kind: no 5xx, no unhandled error, nothing stored."""

from __future__ import annotations

import copy
import json
import logging
import random
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from devkit.localslack.payloads import (
    app_home_opened_event,
    block_actions_payload,
    button_action,
    event_body,
    interaction_body,
    message_shortcut_payload,
    slash_command_body,
    view_submission_payload,
)
from harness import Bot
from storage.models import Base

COORD = "U0COORD"
OFFICER = "U0SSPOFFICER"
STRANGER = "U0NOBODY"
USERS = (COORD, OFFICER, STRANGER, "U0SSPLEAD")
PAYLOADS = 1100
FORM = "application/x-www-form-urlencoded"

Payload = dict[str, Any]

# Values of the wrong type, unknown ids, oversize and hostile strings.
ODD: tuple[Any, ...] = (
    None,
    0,
    -1,
    2**63,
    3.5,
    True,
    [],
    {},
    [1, 2],
    {"id": 1},
    "",
    " ",
    "x" * 20_000,
    "999999",
    "U0UNKNOWN",
    "{not json",
    '{"a": "1"}',
    "<!channel> <@U0COORD> <https://evil.example|label>",
    "\u0000\ufffd\U0001f600",
    "1.1",
    "lily:1.1",
)
COMMANDS = (
    "",
    "help",
    "mine",
    "overdue",
    "due",
    "show 1.1",
    "show 9.9",
    "show lily:9.9",
    "show <!channel>",
    "update 9.9 done yesterday",
    "update 1.1 done yesterday see https://ok.example/a",
    "evidence 9.9 https://example.org/x",
    "evidence 9.9 <https://evil.example|label>",
    "assign 9.9 <@U0SSPOFFICER>",
    "assign 1.1 nobody",
    "agency ZZZ",
    "agency ZZZ add <@U0X> lead",
    "coordinator",
    "summary",
    "summary nope",
    "export nope",
    "names nope list",
    "review nope add ZZZ",
    "frobnicate",
    "x" * 5000,
)
BUTTONS = (
    "open_update",
    "list_page",
    "list_page_previous",
    "proposal_save",
    "proposal_edit",
    "proposal_cancel",
    "summary_post",
    "retired_button",
)


def _count_rows(bot: Bot) -> dict[str, int]:
    with bot.db.uow() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def _mutate(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """Return `value` with one key dropped, or one value of the wrong type, somewhere in it."""
    if isinstance(value, dict) and value and depth < 6:
        key = rng.choice(sorted(value, key=str))
        out = dict(value)
        roll = rng.random()
        if roll < 0.25:
            del out[key]
        elif roll < 0.55:
            out[key] = rng.choice(ODD)
        else:
            out[key] = _mutate(rng, value[key], depth + 1)
        return out
    if isinstance(value, list) and value and depth < 6:
        out_list = list(value)
        index = rng.randrange(len(out_list))
        out_list[index] = _mutate(rng, out_list[index], depth + 1)
        return out_list
    return rng.choice(ODD)


def _bad_values(rng: random.Random, action_id: str) -> str:
    """Return a button value that can never save anything: unknown ids or broken JSON."""
    return rng.choice(
        [
            "999999",
            "abc",
            "{not json",
            json.dumps({"k": "mine", "a": "", "p": "x"}),
            json.dumps({"k": "nope", "a": 1, "p": 2}),
            json.dumps({"k": "agency", "a": "<!here>", "p": 10**9}),
            json.dumps({"a": 999999, "r": "r", "s": "complete", "c": "2026-01-01", "n": "x"}),
            json.dumps({"a": "1", "s": "bogus", "l": "notalist"}),
            json.dumps({"a": 999999, "s": None, "n": 5, "l": [1, 2]}),
            json.dumps([1, 2, 3]),
            "nope",
            "x" * 3000,
        ]
    )


class Fuzzer:
    """Builds malformed requests of every interactive kind; each is (body, content type)."""

    def __init__(self, bot: Bot, rng: random.Random) -> None:
        self.bot = bot
        self.rng = rng

    def hook(self) -> str:
        return self.bot.slack.response_url("fuzz")

    def command(self) -> tuple[str, str]:
        rng = self.rng
        fields = dict(
            pair.split("=", 1)
            for pair in slash_command_body(
                rng.choice(COMMANDS), user_id=rng.choice(USERS), response_url=self.hook()
            ).split("&")
        )
        if rng.random() < 0.6:
            key = rng.choice(sorted(fields))
            if rng.random() < 0.5:
                del fields[key]
            else:
                fields[key] = urlencode({"v": str(rng.choice(ODD))})[2:]
        return "&".join(f"{k}={v}" for k, v in fields.items()), FORM

    def block_actions(self) -> tuple[str, str]:
        rng = self.rng
        action_id = rng.choice(BUTTONS)
        payload = block_actions_payload(
            button_action(action_id, _bad_values(rng, action_id)),
            user_id=rng.choice(USERS),
            channel_id="C0DHR0001",
            response_url=self.hook(),
        )
        return interaction_body(self._maybe(payload)), FORM

    def update_form(self) -> tuple[str, str]:
        rng = self.rng
        metadata = rng.choice(
            [
                json.dumps({"a": 999999, "u": OFFICER, "c": None}),
                json.dumps({"a": "x", "u": OFFICER}),
                json.dumps({"u": OFFICER}),
                json.dumps([1]),
                "{not json",
                "",
            ]
        )
        values = {
            "status": {
                "value": {"type": "static_select", "selected_option": {"value": "in_progress"}}
            },
            "note": {"value": {"type": "plain_text_input", "value": "Started"}},
            "links": {"value": {"type": "plain_text_input", "value": "https://ok.example/a"}},
            "files": {"value": {"type": "file_input", "files": [{"id": "F1", "name": "a"}]}},
        }
        payload = view_submission_payload(
            view_id="V0FUZZ",
            callback_id="update_form",
            user_id=OFFICER,
            state_values=values,
            private_metadata=metadata,
        )
        return interaction_body(self._maybe(payload, always=rng.random() < 0.7)), FORM

    def evidence_form(self) -> tuple[str, str]:
        rng = self.rng
        metadata = rng.choice(
            [
                json.dumps({"u": OFFICER, "ch": "C0NOWHERE", "ts": "1.2", "x": "text"}),
                json.dumps({"u": 5, "ch": None}),
                json.dumps({"u": OFFICER}),
                "{not json",
                "[]",
            ]
        )
        values = {
            "action": {
                "evidence_action": {
                    "type": "external_select",
                    "selected_option": {"value": rng.choice(["999999", "x", "", "-1"])},
                }
            },
            "description": {"value": {"type": "plain_text_input", "value": "Minutes"}},
        }
        payload = view_submission_payload(
            view_id="V0FUZZ2",
            callback_id="evidence_form",
            user_id=OFFICER,
            state_values=values,
            private_metadata=metadata,
        )
        return interaction_body(self._maybe(payload)), FORM

    def view_closed(self) -> tuple[str, str]:
        payload = {
            "type": "view_closed",
            "user": {"id": self.rng.choice(USERS)},
            "team": {"id": "T0DHR"},
            "view": {"id": "V0X", "callback_id": self.rng.choice(["update_form", "x"])},
            "is_cleared": False,
        }
        return interaction_body(self._maybe(payload)), FORM

    def shortcut(self) -> tuple[str, str]:
        rng = self.rng
        message = {"type": "message", "ts": "1700000000.000100", "text": "Minutes", "user": "U1"}
        payload = message_shortcut_payload(
            callback_id=rng.choice(["add_evidence", "unknown_shortcut"]),
            message=message,
            channel="C0DHR0001",
            user_id=rng.choice(USERS),
            response_url=self.hook(),
        )
        return interaction_body(self._maybe(payload, always=True)), FORM

    def suggestion(self) -> tuple[str, str]:
        payload = {
            "type": "block_suggestion",
            "user": {"id": self.rng.choice(USERS)},
            "team": {"id": "T0DHR"},
            "action_id": self.rng.choice(["evidence_action", "other"]),
            "block_id": "action",
            "value": self.rng.choice(["1.", "lily:", "", "x" * 3000]),
            "view": {"id": "V0X", "callback_id": "evidence_form"},
        }
        return interaction_body(self._maybe(payload)), FORM

    def event(self) -> tuple[str, str]:
        rng = self.rng
        event = rng.choice(
            [
                app_home_opened_event(rng.choice(USERS)),
                app_home_opened_event(rng.choice(USERS), tab="messages"),
                {"type": "message", "text": "hi", "user": OFFICER, "channel": "D1"},
                {"type": "unknown_event"},
            ]
        )
        body = json.loads(event_body(event, event_time=0))
        return json.dumps(self._maybe(body, always=True)), "application/json"

    def broken(self) -> tuple[str, str]:
        rng = self.rng
        return rng.choice(
            [
                ("payload={not json", FORM),
                ("payload=" + json.dumps([1, 2]), FORM),
                ("payload=" + json.dumps("text"), FORM),
                ("payload=" + json.dumps({"type": 5}), FORM),
                ("payload=" + json.dumps({"type": "block_actions"}), FORM),
                ("payload=" + json.dumps({"type": "view_submission", "view": "x"}), FORM),
                ("{not json", "application/json"),
                ("[]", "application/json"),
                (json.dumps({"type": "event_callback", "event": "x"}), "application/json"),
                (json.dumps({"type": "url_verification"}), "application/json"),
                ("", FORM),
                ("a=b&c", FORM),
                ("%ff%fe=%00", FORM),
            ]
        )

    def _maybe(self, payload: Payload, *, always: bool = False) -> Payload:
        if always or self.rng.random() < 0.7:
            for _ in range(self.rng.randint(1, 3)):
                payload = _mutate(self.rng, copy.deepcopy(payload))
        return payload


def test_a_thousand_malformed_payloads_get_no_5xx_no_error_and_store_nothing(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(20261201)
    fuzzer = Fuzzer(bot, rng)
    kinds: list[Callable[[], tuple[str, str]]] = [
        fuzzer.command,
        fuzzer.block_actions,
        fuzzer.update_form,
        fuzzer.evidence_form,
        fuzzer.view_closed,
        fuzzer.shortcut,
        fuzzer.suggestion,
        fuzzer.event,
        fuzzer.broken,
    ]
    before = _count_rows(bot)
    caplog.set_level(logging.WARNING)
    statuses: dict[int, int] = {}
    server_errors: list[str] = []
    for n in range(PAYLOADS):
        body, content_type = kinds[n % len(kinds)]()
        response = bot.sender.post(body, content_type)
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status >= 500:
            server_errors.append(body[:300])
        if n % 50 == 49:
            bot.wait_idle()
    bot.wait_idle()
    errors = [
        f"{r.name}: {r.getMessage()[:200]}" for r in caplog.records if r.levelno >= logging.ERROR
    ]
    print(f"fuzz: {PAYLOADS} payloads, statuses {sorted(statuses.items())}")
    assert sum(statuses.values()) == PAYLOADS >= 1000
    assert server_errors == []
    assert errors == []
    assert _count_rows(bot) == before
