"""A local Slack: a recording fake Web API server and senders of signed Slack requests."""

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
from devkit.localslack.server import Call, LocalSlack, SlackError, Upload
from devkit.localslack.signing import SignedResponse, SignedSender, sign

__all__ = [
    "Call",
    "LocalSlack",
    "SignedResponse",
    "SignedSender",
    "SlackError",
    "Upload",
    "app_home_opened_event",
    "block_actions_payload",
    "button_action",
    "event_body",
    "interaction_body",
    "message_shortcut_payload",
    "sign",
    "slash_command_body",
    "view_submission_payload",
]
