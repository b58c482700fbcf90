"""The Block Kit checker passes valid payloads and names each limit a payload breaks."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from blockkit_limits import (
    assert_within_limits,
    check_blocks,
    check_call,
    check_message,
    check_view,
)
from devkit.localslack import Call

Node = dict[str, Any]


def plain(text: str) -> Node:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> Node:
    return {"type": "mrkdwn", "text": text}


def option(text: str, value: str) -> Node:
    return {"text": plain(text), "value": value}


def button(text: str = "Update", value: str = "DHR-1", action_id: str = "update") -> Node:
    return {"type": "button", "action_id": action_id, "text": plain(text), "value": value}


def message_blocks() -> list[Node]:
    return [
        {"type": "header", "block_id": "head", "text": plain("Your DHR actions")},
        {
            "type": "section",
            "block_id": "a1",
            "text": mrkdwn("*DHR-1* Train frontline staff — overdue"),
            "fields": [mrkdwn("*Owner*\nLily"), mrkdwn("*Due*\n31 Oct")],
            "accessory": button(),
        },
        {"type": "context", "block_id": "ctx", "elements": [mrkdwn("Updated 3 days ago")]},
        {"type": "divider"},
        {
            "type": "actions",
            "block_id": "more",
            "elements": [
                button("Next page", "page:2", action_id="page"),
                {
                    "type": "overflow",
                    "action_id": "more_menu",
                    "options": [option("Show", "show"), option("Export", "export")],
                },
            ],
        },
    ]


def modal() -> Node:
    status = [option("Not started", "not_started"), option("Complete", "complete")]
    return {
        "type": "modal",
        "callback_id": "update_form",
        "private_metadata": '{"ref": "DHR-1"}',
        "title": plain("Update DHR-1"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": "status",
                "label": plain("Status"),
                "element": {
                    "type": "static_select",
                    "action_id": "status",
                    "options": status,
                    "initial_option": status[0],
                    "placeholder": plain("Choose"),
                },
            },
            {
                "type": "input",
                "block_id": "note",
                "label": plain("Progress note"),
                "hint": plain("What changed?"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "note",
                    "multiline": True,
                    "max_length": 3000,
                },
            },
            {
                "type": "input",
                "block_id": "done",
                "optional": True,
                "label": plain("Completed on"),
                "element": {
                    "type": "datepicker",
                    "action_id": "done",
                    "initial_date": "2026-11-26",
                },
            },
        ],
    }


def test_valid_payloads_pass() -> None:
    assert check_blocks(message_blocks(), surface="message") == []
    assert (
        check_message({"channel": "C1", "text": "Your actions", "blocks": message_blocks()}) == []
    )
    assert check_view(modal()) == []
    assert check_view({"type": "home", "blocks": message_blocks()}) == []
    assert_within_limits(modal())


def test_block_counts_depend_on_the_surface() -> None:
    blocks = [{"type": "divider"} for _ in range(51)]

    assert check_blocks(blocks, surface="message") == ["blocks: 51 items, max 50"]
    assert check_blocks(blocks, surface="modal") == []
    assert check_blocks(blocks * 2, surface="home") == ["blocks: 102 items, max 100"]


def _section(message: list[Node]) -> Node:
    return message[1]


def _actions(message: list[Node]) -> Node:
    return message[4]


MessageBreak = Callable[[list[Node]], None]

MESSAGE_BREAKS: dict[str, tuple[MessageBreak, str]] = {
    "section text": (
        lambda m: _section(m)["text"].update(text="x" * 3001),
        "blocks[1](section).text: 3001 characters, max 3000",
    ),
    "section field": (
        lambda m: _section(m)["fields"].append(mrkdwn("y" * 2001)),
        "blocks[1](section).fields[2]: 2001 characters, max 2000",
    ),
    "section field count": (
        lambda m: _section(m).update(fields=[mrkdwn("f")] * 11),
        "blocks[1](section).fields: 11 items, max 10",
    ),
    "header text": (
        lambda m: m[0].update(text=plain("h" * 151)),
        "blocks[0](header).text: 151 characters, max 150",
    ),
    "header mrkdwn": (
        lambda m: m[0].update(text=mrkdwn("*Bold*")),
        "blocks[0](header).text: type is 'mrkdwn', must be plain_text",
    ),
    "context elements": (
        lambda m: m[2].update(elements=[mrkdwn("c")] * 11),
        "blocks[2](context).elements: 11 items, max 10",
    ),
    "actions elements": (
        lambda m: _actions(m).update(elements=[button(action_id=f"b{i}") for i in range(26)]),
        "blocks[4](actions).elements: 26 items, max 25",
    ),
    "button text": (
        lambda m: _section(m)["accessory"].update(text=plain("b" * 76)),
        "blocks[1](section).accessory.text: 76 characters, max 75",
    ),
    "button value": (
        lambda m: _section(m)["accessory"].update(value="v" * 2001),
        "blocks[1](section).accessory.value: 2001 characters, max 2000",
    ),
    "button text type": (
        lambda m: _section(m)["accessory"].update(text=mrkdwn("Update")),
        "blocks[1](section).accessory.text: type is 'mrkdwn', must be plain_text",
    ),
    "action_id": (
        lambda m: _section(m)["accessory"].update(action_id="a" * 256),
        "blocks[1](section).accessory.action_id: 256 characters, max 255",
    ),
    "block_id": (
        lambda m: _section(m).update(block_id="b" * 256),
        "blocks[1](section).block_id: 256 characters, max 255",
    ),
    "duplicate block_id": (
        lambda m: m[2].update(block_id="a1"),
        "blocks[2](context).block_id: 'a1' is used by an earlier block",
    ),
    "option text": (
        lambda m: _actions(m)["elements"][1]["options"][0].update(text=plain("o" * 76)),
        "blocks[4](actions).elements[1].options[0].text: 76 characters, max 75",
    ),
    "option value": (
        lambda m: _actions(m)["elements"][1]["options"][0].update(value="v" * 151),
        "blocks[4](actions).elements[1].options[0].value: 151 characters, max 150",
    ),
    "overflow options": (
        lambda m: _actions(m)["elements"][1].update(
            options=[option(f"o{i}", f"v{i}") for i in range(6)]
        ),
        "blocks[4](actions).elements[1].options: 6 items, max 5",
    ),
    "empty text": (
        lambda m: m[2].update(elements=[mrkdwn("")]),
        "blocks[2](context).elements[0]: text is empty",
    ),
    "section without content": (
        lambda m: m.__setitem__(1, {"type": "section", "block_id": "a1"}),
        "blocks[1](section): section needs text or fields",
    ),
    "duplicate action_id": (
        lambda m: _actions(m)["elements"].append(button("Again", action_id="page")),
        "blocks[4](actions).elements[2].action_id: 'page' repeats in this block",
    ),
}


@pytest.mark.parametrize("name", list(MESSAGE_BREAKS))
def test_message_violation_is_reported(name: str) -> None:
    blocks = message_blocks()
    breaker, expected = MESSAGE_BREAKS[name]

    breaker(blocks)

    assert check_blocks(blocks, surface="message") == [expected]


def test_select_option_limits() -> None:
    element: Node = {
        "type": "static_select",
        "action_id": "agency",
        "options": [option(f"Agency {i}", f"a{i}") for i in range(101)],
    }
    blocks = [{"type": "actions", "elements": [element]}]

    assert check_blocks(blocks, surface="modal") == [
        "blocks[0](actions).elements[0].options: 101 items, max 100"
    ]


def test_initial_option_must_be_one_of_the_options() -> None:
    view = modal()
    view["blocks"][0]["element"]["initial_option"] = option("Not started", "stale_value")

    assert check_view(view) == [
        "view.blocks[0](input).element.initial_option[0]: is not one of the options"
    ]


ViewBreak = Callable[[Node], None]

VIEW_BREAKS: dict[str, tuple[ViewBreak, str]] = {
    "title": (
        lambda v: v.update(title=plain("t" * 25)),
        "view.title: 25 characters, max 24",
    ),
    "submit": (
        lambda v: v.update(submit=plain("s" * 25)),
        "view.submit: 25 characters, max 24",
    ),
    "close": (
        lambda v: v.update(close=plain("c" * 25)),
        "view.close: 25 characters, max 24",
    ),
    "title type": (
        lambda v: v.update(title=mrkdwn("Update")),
        "view.title: type is 'mrkdwn', must be plain_text",
    ),
    "private_metadata": (
        lambda v: v.update(private_metadata="m" * 3001),
        "view.private_metadata: 3001 characters, max 3000",
    ),
    "callback_id": (
        lambda v: v.update(callback_id="c" * 256),
        "view.callback_id: 256 characters, max 255",
    ),
    "input label": (
        lambda v: v["blocks"][1].update(label=plain("l" * 2001)),
        "view.blocks[1](input).label: 2001 characters, max 2000",
    ),
    "plain_text_input max_length": (
        lambda v: v["blocks"][1]["element"].update(max_length=3001),
        "view.blocks[1](input).element.max_length: 3001, must be 1..3000",
    ),
    "submit missing with inputs": (
        lambda v: v.pop("submit"),
        "view.submit: a modal with input blocks needs a submit button",
    ),
    "block count": (
        lambda v: v.update(blocks=[{"type": "divider"}] * 101),
        "view.blocks: 101 items, max 100",
    ),
    "datepicker date": (
        lambda v: v["blocks"][2]["element"].update(initial_date="26/11/2026"),
        "view.blocks[2](input).element.initial_date: '26/11/2026' is not YYYY-MM-DD",
    ),
}


@pytest.mark.parametrize("name", list(VIEW_BREAKS))
def test_view_violation_is_reported(name: str) -> None:
    view = modal()
    breaker, expected = VIEW_BREAKS[name]

    breaker(view)

    assert check_view(view) == [expected]


def test_message_text_and_fallback() -> None:
    assert check_message({"text": "x" * 40_001}) == ["text: 40001 characters, max 40000"]
    assert check_message({"blocks": message_blocks()}) == [
        "text: missing top-level text fallback for a message with blocks"
    ]


def test_message_blocks_may_arrive_as_a_json_string() -> None:
    blocks = message_blocks()
    blocks[0]["text"] = plain("h" * 151)

    problems = check_message({"text": "t", "blocks": json.dumps(blocks)})

    assert problems == ["blocks[0](header).text: 151 characters, max 150"]


def test_check_call_routes_views_and_messages() -> None:
    bad_view = copy.deepcopy(modal())
    bad_view["title"] = plain("t" * 30)

    assert check_call("views.open", {"trigger_id": "1", "view": bad_view}) == [
        "view.title: 30 characters, max 24"
    ]
    assert check_call("chat.postMessage", {"channel": "C1", "text": "x" * 40_001}) == [
        "text: 40001 characters, max 40000"
    ]
    assert check_call("users.info", {"user": "U1"}) == []


def test_assert_within_limits_accepts_recorded_calls_and_lists_every_problem() -> None:
    blocks = message_blocks()
    blocks[0]["text"] = plain("h" * 151)
    blocks[2]["block_id"] = "a1"
    call = Call("response_url", {"text": "Your actions", "blocks": blocks}, time=0.0, name="mine")

    with pytest.raises(AssertionError) as exc:
        assert_within_limits(call)

    assert "blocks[0](header).text: 151 characters, max 150" in str(exc.value)
    assert "'a1' is used by an earlier block" in str(exc.value)
    assert_within_limits(Call("chat.postMessage", {"text": "ok", "blocks": message_blocks()}, 0.0))
