"""The shape of what Slack sends, checked before Bolt reads it: malformed payloads get a 400.

Bolt reads ids, teams, users, channels, views and response URLs out of every payload
before any listener runs, assuming Slack's types; a signed payload of the wrong shape
would otherwise raise inside Bolt and answer 500. These readers check exactly the fields
Bolt and our listeners rely on, by type; anything else in a payload is left alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

Check = Callable[[Any], bool]


def _str(value: Any) -> bool:
    return isinstance(value, str)


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _url(value: Any) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https")


def _fields(spec: dict[str, Check], *, optional: bool = True) -> Check:
    """Return a check that `value` is a dict whose listed keys (when present) pass."""

    def check(value: Any) -> bool:
        if value is None and optional:
            return True
        if not isinstance(value, dict):
            return False
        return all(key not in value or ok(value[key]) for key, ok in spec.items())

    return check


def _list_of(item: Check, *, optional: bool = False) -> Check:
    def check(value: Any) -> bool:
        if value is None:
            return optional
        return isinstance(value, list) and all(item(v) for v in value)

    return check


def _either(*checks: Check) -> Check:
    return lambda value: any(check(value) for check in checks)


_TEAM = _fields({"id": _opt_str, "enterprise_id": _opt_str, "domain": _opt_str})
_USER = _either(_str, _fields({"id": _opt_str, "team_id": _opt_str}, optional=False))
_CHANNEL = _either(_str, _fields({"id": _opt_str, "name": _opt_str}, optional=False))
_STATE_VALUES = _fields(
    {},  # keys are block ids; each holds action ids mapping to element states (dicts)
    optional=False,
)


def _state(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, dict):
        return False
    values = value.get("values", {})
    return isinstance(values, dict) and all(
        isinstance(block, dict) and all(isinstance(element, dict) for element in block.values())
        for block in values.values()
    )


_VIEW = _fields(
    {
        "id": _opt_str,
        "type": _opt_str,
        "callback_id": _opt_str,
        "private_metadata": _opt_str,
        "team_id": _opt_str,
        "app_installed_team_id": _opt_str,
        "state": _state,
    },
    optional=False,  # Bolt reads a view's fields whenever the key is there
)
_ACTION = _fields(
    {
        "action_id": _str,
        "block_id": _opt_str,
        "type": _opt_str,
        "value": _opt_str,
        "selected_option": _fields({"value": _opt_str}),
    },
    optional=False,
)
_AUTHORIZATION = _fields(
    {"team_id": _opt_str, "enterprise_id": _opt_str, "user_id": _opt_str}, optional=False
)
_MESSAGE = _fields({"ts": _opt_str, "text": _opt_str, "user": _opt_str, "thread_ts": _opt_str})
_EVENT = _fields(
    {
        "type": _str,
        "user": _USER,
        "channel": _CHANNEL,
        "tab": _opt_str,
        "team": _opt_str,
        "user_team": _opt_str,
        "enterprise": _opt_str,
        "thread_ts": _opt_str,
        "view": _VIEW,
        "item": _fields({"channel": _opt_str}),
    },
    optional=False,
)
_PAYLOAD = _fields(
    {
        "type": _str,
        "team": _TEAM,
        "enterprise": _TEAM,
        "user": _USER,
        "channel": _CHANNEL,
        "view": _VIEW,
        "container": _fields({"channel_id": _opt_str, "message_ts": _opt_str}),
        "message": _MESSAGE,
        "actions": _list_of(_ACTION),
        "authorizations": _list_of(_AUTHORIZATION, optional=True),
        "event": _EVENT,
        "response_url": _url,
        "response_urls": _list_of(_fields({"response_url": _url}, optional=False)),
        "is_ext_shared_channel": lambda v: v is None or isinstance(v, bool),
        **{
            key: _opt_str
            for key in (
                "team_id",
                "user_id",
                "channel_id",
                "enterprise_id",
                "api_app_id",
                "trigger_id",
                "callback_id",
                "action_id",
                "block_id",
                "value",
                "token",
                "event_id",
                "message_ts",
            )
        },
    },
    optional=False,
)


# What each kind of payload must carry for Bolt to route it.
def _view_named(value: Any) -> bool:
    return isinstance(value, dict) and _str(value.get("type")) and _str(value.get("callback_id"))


_VIEW_NAMED = _view_named
_BY_TYPE: dict[str, dict[str, Check]] = {
    "view_submission": {"view": _VIEW_NAMED},
    "view_closed": {"view": _VIEW_NAMED},
    "block_actions": {"actions": lambda v: isinstance(v, list) and len(v) > 0},
    "block_suggestion": {"action_id": _str},
    "message_action": {"callback_id": _str},
    "shortcut": {"callback_id": _str},
    "event_callback": {"event": lambda v: isinstance(v, dict)},
}


def _routable(data: dict[str, Any]) -> bool:
    required = _BY_TYPE.get(str(data.get("type")), {})
    return _PAYLOAD(data) and all(key in data and ok(data[key]) for key, ok in required.items())


def body_problem(body: str, content_type: str) -> str | None:
    """Return why a (signed) body is not a payload this app can read, or None when it is."""
    if content_type.split(";")[0].strip().lower() == "application/json" or body.startswith("{"):
        try:
            data = json.loads(body)
        except ValueError:
            return "The body is not JSON."
        if not isinstance(data, dict):
            return "The body is not a JSON object."
        if data.get("type") == "url_verification":
            return None if _str(data.get("challenge")) else "The challenge is missing."
        return None if _routable(data) else "The payload is not shaped as Slack sends it."
    form = parse_qs(body, keep_blank_values=True)
    if "payload" in form:
        try:
            data = json.loads(form["payload"][0])
        except ValueError:
            return "The payload is not JSON."
        if not isinstance(data, dict) or not _routable(data):
            return "The payload is not shaped as Slack sends it."
        return None
    if "command" in form:
        if not _url(form.get("response_url", [""])[0]):
            return "A command needs a response_url with a web address."
        return None
    return None
