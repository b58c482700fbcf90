"""Check Block Kit payloads against Slack's documented limits before Slack rejects them.

Limits come from Slack's Block Kit reference (docs.slack.dev/reference/block-kit) and agree
with slack_sdk.models' own validators. Slack answers a breach with ``invalid_blocks`` or a
view error, usually only in production with real data, so tests check every payload.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Literal

Surface = Literal["message", "modal", "home"]
Node = dict[str, Any]

MAX_BLOCKS: dict[str, int] = {"message": 50, "modal": 100, "home": 100}
MAX_MESSAGE_TEXT = 40_000
MAX_BLOCK_ID = 255
MAX_ACTION_ID = 255
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_SECTION_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTIONS = 100
MAX_CHOICE_OPTIONS = 10  # checkboxes and radio_buttons
MAX_OVERFLOW_OPTIONS = 5
MAX_PLACEHOLDER = 150
MAX_LABEL = 2000
MAX_HINT = 2000
MAX_TEXT_INPUT_LENGTH = 3000
MAX_VIEW_TITLE = 24
MAX_PRIVATE_METADATA = 3000
MAX_CALLBACK_ID = 255
MAX_IMAGE_ALT = 2000
MAX_CONFIRM_TITLE = 100
MAX_CONFIRM_TEXT = 300
MAX_CONFIRM_BUTTON = 30

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Report:
    """Collects violations, each prefixed with where in the payload it was found."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def max_len(self, where: str, value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(where, f"{len(value)} characters, max {limit}")

    def max_items(self, where: str, items: Any, limit: int, minimum: int = 0) -> None:
        count = len(items) if isinstance(items, list) else 0
        if count > limit:
            self.add(where, f"{count} items, max {limit}")
        elif count < minimum:
            self.add(where, f"{count} items, min {minimum}")

    def text(self, where: str, obj: Any, limit: int, *, plain: bool = False) -> None:
        """Check a text object: right type, non-empty, within `limit`."""
        if obj is None:
            return
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            self.add(where, "must be a text object with a 'text' string")
            return
        allowed = ("plain_text",) if plain else ("plain_text", "mrkdwn")
        if obj.get("type") not in allowed:
            self.add(where, f"type is {obj.get('type')!r}, must be {' or '.join(allowed)}")
        if not obj["text"]:
            self.add(where, "text is empty")
        self.max_len(where, obj["text"], limit)


# ---------------------------------------------------------------------- composition objects


def _option(report: _Report, where: str, option: Any, *, plain: bool = True) -> None:
    if not isinstance(option, dict):
        report.add(where, "option must be an object")
        return
    report.text(f"{where}.text", option.get("text"), MAX_OPTION_TEXT, plain=plain)
    report.max_len(f"{where}.value", option.get("value"), MAX_OPTION_VALUE)
    report.text(f"{where}.description", option.get("description"), MAX_OPTION_TEXT, plain=True)
    report.max_len(f"{where}.url", option.get("url"), MAX_URL)


def _options(report: _Report, where: str, options: Any, limit: int, *, plain: bool = True) -> None:
    report.max_items(f"{where}.options", options, limit, minimum=1)
    for i, option in enumerate(options if isinstance(options, list) else []):
        _option(report, f"{where}.options[{i}]", option, plain=plain)
    values = [o.get("value") for o in options or [] if isinstance(o, dict)]
    duplicates = sorted({v for v in values if v is not None and values.count(v) > 1})
    if duplicates:
        report.add(f"{where}.options", f"duplicate option values {duplicates}")


def _confirm(report: _Report, where: str, confirm: Any) -> None:
    if not isinstance(confirm, dict):
        return
    report.text(f"{where}.title", confirm.get("title"), MAX_CONFIRM_TITLE, plain=True)
    report.text(f"{where}.text", confirm.get("text"), MAX_CONFIRM_TEXT)
    report.text(f"{where}.confirm", confirm.get("confirm"), MAX_CONFIRM_BUTTON, plain=True)
    report.text(f"{where}.deny", confirm.get("deny"), MAX_CONFIRM_BUTTON, plain=True)


def _initial_options_present(report: _Report, where: str, element: Node) -> None:
    """Slack rejects an initial_option that is not exactly one of the options."""
    pool = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        pool.extend(group.get("options") or [])
    chosen = element.get("initial_options") or []
    if element.get("initial_option") is not None:
        chosen = [element["initial_option"]]
    for i, option in enumerate(chosen):
        if pool and option not in pool:
            report.add(f"{where}.initial_option[{i}]", "is not one of the options")


# ---------------------------------------------------------------------- elements


def _button(report: _Report, where: str, element: Node) -> None:
    report.text(f"{where}.text", element.get("text"), MAX_BUTTON_TEXT, plain=True)
    report.max_len(f"{where}.value", element.get("value"), MAX_BUTTON_VALUE)
    report.max_len(f"{where}.url", element.get("url"), MAX_URL)
    if element.get("style") not in (None, "primary", "danger"):
        report.add(f"{where}.style", f"{element['style']!r} is not primary or danger")


def _static_select(report: _Report, where: str, element: Node) -> None:
    groups = element.get("option_groups")
    if groups is not None:
        report.max_items(f"{where}.option_groups", groups, MAX_OPTIONS, minimum=1)
        for i, group in enumerate(groups if isinstance(groups, list) else []):
            group_where = f"{where}.option_groups[{i}]"
            report.text(f"{group_where}.label", group.get("label"), MAX_OPTION_TEXT, plain=True)
            _options(report, group_where, group.get("options"), MAX_OPTIONS)
    else:
        _options(report, where, element.get("options"), MAX_OPTIONS)
    _initial_options_present(report, where, element)


def _choices(report: _Report, where: str, element: Node) -> None:
    _options(report, where, element.get("options"), MAX_CHOICE_OPTIONS, plain=False)
    _initial_options_present(report, where, element)


def _overflow(report: _Report, where: str, element: Node) -> None:
    _options(report, where, element.get("options"), MAX_OVERFLOW_OPTIONS)


def _text_input(report: _Report, where: str, element: Node) -> None:
    max_length = element.get("max_length")
    min_length = element.get("min_length")
    if max_length is not None and not 1 <= max_length <= MAX_TEXT_INPUT_LENGTH:
        report.add(f"{where}.max_length", f"{max_length}, must be 1..{MAX_TEXT_INPUT_LENGTH}")
    if min_length is not None and not 0 <= min_length <= MAX_TEXT_INPUT_LENGTH:
        report.add(f"{where}.min_length", f"{min_length}, must be 0..{MAX_TEXT_INPUT_LENGTH}")
    if max_length is not None and min_length is not None and min_length > max_length:
        report.add(where, f"min_length {min_length} exceeds max_length {max_length}")
    limit = max_length if isinstance(max_length, int) else MAX_TEXT_INPUT_LENGTH
    report.max_len(f"{where}.initial_value", element.get("initial_value"), limit)


def _datepicker(report: _Report, where: str, element: Node) -> None:
    initial = element.get("initial_date")
    if initial is not None and not (isinstance(initial, str) and _DATE.fullmatch(initial)):
        report.add(f"{where}.initial_date", f"{initial!r} is not YYYY-MM-DD")


def _image_element(report: _Report, where: str, element: Node) -> None:
    report.max_len(f"{where}.alt_text", element.get("alt_text"), MAX_IMAGE_ALT)
    report.max_len(f"{where}.image_url", element.get("image_url"), MAX_URL)


_ELEMENT_CHECKS: dict[str, Callable[[_Report, str, Node], None]] = {
    "button": _button,
    "static_select": _static_select,
    "multi_static_select": _static_select,
    "checkboxes": _choices,
    "radio_buttons": _choices,
    "overflow": _overflow,
    "plain_text_input": _text_input,
    "datepicker": _datepicker,
    "image": _image_element,
}


def _element(report: _Report, where: str, element: Any) -> None:
    if not isinstance(element, dict):
        report.add(where, "element must be an object")
        return
    report.max_len(f"{where}.action_id", element.get("action_id"), MAX_ACTION_ID)
    report.text(f"{where}.placeholder", element.get("placeholder"), MAX_PLACEHOLDER, plain=True)
    _confirm(report, f"{where}.confirm", element.get("confirm"))
    check = _ELEMENT_CHECKS.get(str(element.get("type")))
    if check is not None:
        check(report, where, element)


# ---------------------------------------------------------------------- blocks


def _section(report: _Report, where: str, block: Node) -> None:
    fields = block.get("fields")
    if block.get("text") is None and not fields:
        report.add(where, "section needs text or fields")
    report.text(f"{where}.text", block.get("text"), MAX_SECTION_TEXT)
    if fields is not None:
        report.max_items(f"{where}.fields", fields, MAX_SECTION_FIELDS, minimum=1)
        for i, item in enumerate(fields if isinstance(fields, list) else []):
            report.text(f"{where}.fields[{i}]", item, MAX_SECTION_FIELD_TEXT)
    if block.get("accessory") is not None:
        _element(report, f"{where}.accessory", block["accessory"])


def _header(report: _Report, where: str, block: Node) -> None:
    if block.get("text") is None:
        report.add(where, "header needs text")
    report.text(f"{where}.text", block.get("text"), MAX_HEADER_TEXT, plain=True)


def _context(report: _Report, where: str, block: Node) -> None:
    elements = block.get("elements")
    report.max_items(f"{where}.elements", elements, MAX_CONTEXT_ELEMENTS, minimum=1)
    for i, element in enumerate(elements if isinstance(elements, list) else []):
        if isinstance(element, dict) and element.get("type") == "image":
            _image_element(report, f"{where}.elements[{i}]", element)
        else:
            report.text(f"{where}.elements[{i}]", element, MAX_SECTION_TEXT)


def _actions(report: _Report, where: str, block: Node) -> None:
    elements = block.get("elements")
    report.max_items(f"{where}.elements", elements, MAX_ACTIONS_ELEMENTS, minimum=1)
    action_ids: set[str] = set()
    for i, element in enumerate(elements if isinstance(elements, list) else []):
        _element(report, f"{where}.elements[{i}]", element)
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if not isinstance(action_id, str):
            continue
        if action_id in action_ids:
            # Slack requires action_ids to be unique within their block.
            report.add(f"{where}.elements[{i}].action_id", f"{action_id!r} repeats in this block")
        action_ids.add(action_id)


def _input(report: _Report, where: str, block: Node) -> None:
    if block.get("label") is None:
        report.add(where, "input needs a label")
    report.text(f"{where}.label", block.get("label"), MAX_LABEL, plain=True)
    report.text(f"{where}.hint", block.get("hint"), MAX_HINT, plain=True)
    if block.get("element") is None:
        report.add(where, "input needs an element")
    else:
        _element(report, f"{where}.element", block["element"])


def _image_block(report: _Report, where: str, block: Node) -> None:
    _image_element(report, where, block)
    report.text(f"{where}.title", block.get("title"), MAX_IMAGE_ALT, plain=True)


_BLOCK_CHECKS: dict[str, Callable[[_Report, str, Node], None]] = {
    "section": _section,
    "header": _header,
    "context": _context,
    "actions": _actions,
    "input": _input,
    "image": _image_block,
}


def _block(report: _Report, where: str, block: Node, seen_ids: set[str]) -> None:
    block_id = block.get("block_id")
    if block_id is not None:
        report.max_len(f"{where}.block_id", block_id, MAX_BLOCK_ID)
        if block_id in seen_ids:
            report.add(f"{where}.block_id", f"{block_id!r} is used by an earlier block")
        seen_ids.add(block_id)
    check = _BLOCK_CHECKS.get(str(block.get("type")))
    if check is not None:
        check(report, where, block)


def _check_blocks(report: _Report, blocks: Any, surface: Surface, where: str) -> None:
    if not isinstance(blocks, list):
        report.add(where, "blocks must be a list")
        return
    report.max_items(where, blocks, MAX_BLOCKS[surface])
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        block_where = f"{where}[{i}]"
        if isinstance(block, dict):
            _block(report, f"{block_where}({block.get('type')})", block, seen_ids)
        else:
            report.add(block_where, "block must be an object")


# ---------------------------------------------------------------------- public API


def check_blocks(blocks: list[dict[str, Any]], *, surface: Surface) -> list[str]:
    """Return the limit violations in a list of blocks shown on `surface` (empty when fine)."""
    report = _Report()
    _check_blocks(report, blocks, surface, "blocks")
    return report.problems


def check_view(view: dict[str, Any]) -> list[str]:
    """Return the limit violations in a modal or Home tab view object."""
    report = _Report()
    kind = view.get("type")
    if kind not in ("modal", "home"):
        report.add("view.type", f"{kind!r}, must be 'modal' or 'home'")
        return report.problems
    if kind == "modal":
        _check_modal_chrome(report, view)
    report.max_len("view.private_metadata", view.get("private_metadata"), MAX_PRIVATE_METADATA)
    report.max_len("view.callback_id", view.get("callback_id"), MAX_CALLBACK_ID)
    _check_blocks(report, view.get("blocks"), "modal" if kind == "modal" else "home", "view.blocks")
    return report.problems


def _check_modal_chrome(report: _Report, view: Node) -> None:
    if view.get("title") is None:
        report.add("view.title", "a modal needs a title")
    for key in ("title", "submit", "close"):
        report.text(f"view.{key}", view.get(key), MAX_VIEW_TITLE, plain=True)
    blocks = view.get("blocks")
    has_input = isinstance(blocks, list) and any(
        isinstance(b, dict) and b.get("type") == "input" for b in blocks
    )
    if has_input and view.get("submit") is None:
        report.add("view.submit", "a modal with input blocks needs a submit button")


def check_message(args: dict[str, Any]) -> list[str]:
    """Return the limit violations in chat.postMessage/postEphemeral/update or response_url args."""
    report = _Report()
    report.max_len("text", args.get("text"), MAX_MESSAGE_TEXT)
    blocks = args.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if blocks is not None:
        _check_blocks(report, blocks, "message", "blocks")
    if (blocks or args.get("attachments")) and not args.get("text"):
        # Slack uses `text` for notifications and screen readers; slack_sdk warns without it.
        report.add("text", "missing top-level text fallback for a message with blocks")
    return report.problems


def check_call(method: str, args: dict[str, Any]) -> list[str]:
    """Return the violations in a recorded Web API call (views.*, chat.*, response_url)."""
    if method.startswith("views."):
        view = args.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        return check_view(view) if isinstance(view, dict) else ["view: missing view object"]
    if method in ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"):
        return check_message(args)
    return []


def assert_within_limits(obj: Any) -> None:
    """Raise AssertionError listing every violation in a view, message args, blocks or Call."""
    if hasattr(obj, "method") and hasattr(obj, "args"):
        problems = check_call(obj.method, obj.args)
    elif isinstance(obj, list):
        problems = check_blocks(obj, surface="message")
    elif isinstance(obj, dict) and obj.get("type") in ("modal", "home"):
        problems = check_view(obj)
    elif isinstance(obj, dict):
        problems = check_message(obj)
    else:
        raise TypeError(f"cannot check {type(obj).__name__} against Block Kit limits")
    if problems:
        raise AssertionError("Block Kit limits exceeded:\n  " + "\n  ".join(problems))
