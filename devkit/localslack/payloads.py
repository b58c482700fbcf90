"""Build the bodies Slack sends to an app: slash commands, interactions and events.

Payload shapes follow Slack's interaction-payload and Events API references, and the
bodies bolt-python's own scenario tests dispatch on.
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlencode

from devkit.localslack.wire import APP_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

Payload = dict[str, Any]

# Slack's deprecated verification token is still present in every body; Bolt ignores it.
_VERIFICATION_TOKEN = "legacy-verification-token"
_serial = itertools.count(1)


def _trigger_id() -> str:
    return f"{next(_serial)}.{TEAM_ID}.localslack"


def _team(team_id: str) -> Payload:
    return {"id": team_id, "domain": TEAM_DOMAIN}


def _user(user_id: str, user_name: str | None, team_id: str) -> Payload:
    name = user_name or user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def slash_command_body(
    text: str = "",
    *,
    user_id: str,
    response_url: str,
    command: str = "/dhr",
    user_name: str | None = None,
    channel_id: str = "C0DHR0001",
    channel_name: str = "dhr-partnership",
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
) -> str:
    """Return the form-encoded body of a slash command invocation."""
    return urlencode(
        {
            "token": _VERIFICATION_TOKEN,
            "team_id": team_id,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name or user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id or _trigger_id(),
        }
    )


def interaction_body(payload: Payload) -> str:
    """Return the form-encoded ``payload=<json>`` body of an interaction."""
    return urlencode({"payload": json.dumps(payload)})


def button_action(
    action_id: str, value: str, *, block_id: str = "actions", text: str = "Button"
) -> Payload:
    """Return the `actions[]` entry Slack sends when a button is clicked."""
    return {
        "type": "button",
        "action_id": action_id,
        "block_id": block_id,
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "value": value,
        "action_ts": "1700000000.000001",
    }


def _container(channel_id: str | None, message: Payload | None, view: Payload | None) -> Payload:
    if view is not None:
        return {"type": "view", "view_id": view.get("id", "")}
    return {
        "type": "message",
        "message_ts": (message or {}).get("ts", ""),
        "channel_id": channel_id or "",
        "is_ephemeral": message is None,
    }


def block_actions_payload(
    action: Payload,
    *,
    user_id: str,
    channel_id: str | None = None,
    message: Payload | None = None,
    view: Payload | None = None,
    response_url: str | None = None,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
    user_name: str | None = None,
) -> Payload:
    """Return a block_actions payload for one action, from a message or from a view.

    Pass `view` for clicks inside a modal or App Home (Slack sends the view and no channel);
    otherwise pass `channel_id` and, for a non-ephemeral message, the `message` clicked.
    """
    payload: Payload = {
        "type": "block_actions",
        "user": _user(user_id, user_name, team_id),
        "api_app_id": APP_ID,
        "token": _VERIFICATION_TOKEN,
        "container": _container(channel_id, message, view),
        "trigger_id": trigger_id or _trigger_id(),
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [action],
    }
    if view is not None:
        payload["view"] = view
    if channel_id is not None:
        payload["channel"] = {"id": channel_id, "name": channel_id.lower()}
    if message is not None:
        payload["message"] = message
    if response_url is not None:
        payload["response_url"] = response_url
    return payload


def view_submission_payload(
    *,
    view_id: str,
    callback_id: str,
    user_id: str,
    state_values: Payload,
    private_metadata: str = "",
    blocks: list[Payload] | None = None,
    title: str = "DHR",
    view_hash: str = "1700000000.localslack",
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
    user_name: str | None = None,
    response_urls: list[Payload] | None = None,
) -> Payload:
    """Return a view_submission payload; `state_values` is view.state.values.

    state_values is keyed block_id -> action_id -> element value, e.g.
    ``{"note": {"note": {"type": "plain_text_input", "value": "done"}}}``.
    """
    view = {
        "id": view_id,
        "team_id": team_id,
        "type": "modal",
        "blocks": blocks or [],
        "private_metadata": private_metadata,
        "callback_id": callback_id,
        "state": {"values": state_values},
        "hash": view_hash,
        "title": {"type": "plain_text", "text": title},
        "clear_on_close": False,
        "notify_on_close": False,
        "close": {"type": "plain_text", "text": "Cancel"},
        "submit": {"type": "plain_text", "text": "Save"},
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": APP_ID,
        "external_id": "",
        "app_installed_team_id": team_id,
        "bot_id": "B0DHRBOT",
    }
    return {
        "type": "view_submission",
        "team": _team(team_id),
        "user": _user(user_id, user_name, team_id),
        "api_app_id": APP_ID,
        "token": _VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "view": view,
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
    }


def message_shortcut_payload(
    *,
    callback_id: str,
    message: Payload,
    channel: str,
    user_id: str,
    response_url: str,
    trigger_id: str | None = None,
    channel_name: str | None = None,
    team_id: str = TEAM_ID,
    user_name: str | None = None,
) -> Payload:
    """Return a message_action payload (a message shortcut used on `message` in `channel`)."""
    return {
        "type": "message_action",
        "token": _VERIFICATION_TOKEN,
        "action_ts": "1700000000.000002",
        "team": _team(team_id),
        "user": _user(user_id, user_name, team_id),
        "channel": {"id": channel, "name": channel_name or channel.lower()},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or _trigger_id(),
        "response_url": response_url,
        "message_ts": message["ts"],
        "message": message,
    }


def app_home_opened_event(
    user_id: str, *, tab: str = "home", view: Payload | None = None
) -> Payload:
    """Return the inner event Slack sends when a user opens the app's Home or Messages tab."""
    event: Payload = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": "D" + user_id,
        "tab": tab,
        "event_ts": "1700000000.000003",
    }
    if view is not None:
        event["view"] = view
    return event


def event_body(
    event: Payload,
    *,
    event_time: int,
    team_id: str = TEAM_ID,
    event_id: str | None = None,
    bot_user_id: str = BOT_USER_ID,
) -> str:
    """Return the JSON event_callback envelope around `event`."""
    return json.dumps(
        {
            "token": _VERIFICATION_TOKEN,
            "team_id": team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_serial):08d}",
            "event_time": event_time,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
    )
