"""Whether the summary may go to DHR_SUMMARY_CHANNEL: it exists, the bot is in it, it is private."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

_CHANNEL_PROBLEMS = {
    "channel_not_found": "the channel {channel} does not exist, or is private and the bot "
    "has not been added to it",
    "not_in_channel": "the bot is not a member of {channel}: invite it with `/invite @DHR`",
    "is_archived": "the channel {channel} is archived",
    "public_channel": "the channel {channel} is public, and the summary names actions and "
    "people in a Domestic Homicide Review. Use a private channel, or set "
    "DHR_ALLOW_PUBLIC_SUMMARY=true if the partnership has agreed to this",
    "shared_channel": "the channel {channel} is shared with another organisation (Slack "
    "Connect), whose people would read the summary of a Domestic Homicide Review. Use a "
    "channel of this workspace only, or set DHR_ALLOW_SHARED_SUMMARY=true if the partnership "
    "has agreed to this",
    "no_channel": "no summary channel is configured: set DHR_SUMMARY_CHANNEL to the ID "
    "of a private channel",
}


class PostProblem(Exception):
    """Why a summary cannot be posted; `code` for logs, `reason` for coordinators."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


def channel_problem(code: str, channel: str | None) -> PostProblem:
    """Return the problem for a Slack error code about the summary channel."""
    template = _CHANNEL_PROBLEMS.get(code, "Slack answered {code} for the channel {channel}")
    return PostProblem(code, template.format(channel=channel or "(none)", code=code))


# Any of these means people of another organisation can read the channel.
_SHARED_FLAGS = ("is_ext_shared", "is_pending_ext_shared", "is_shared", "is_org_shared")


def check_channel(
    client: WebClient, channel: str | None, *, allow_public: bool, allow_shared: bool = False
) -> None:
    """Raise PostProblem unless the bot can post the summary to `channel` confidentially."""
    if not channel:
        raise channel_problem("no_channel", channel)
    try:
        info: dict[str, Any] = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        raise channel_problem(str(exc.response.get("error")), channel) from exc
    except OSError as exc:
        raise PostProblem("slack_unreachable", f"Slack could not be reached ({exc})") from exc
    if info.get("is_archived"):
        raise channel_problem("is_archived", channel)
    public = not info.get("is_private") and not info.get("is_im")
    if public and not allow_public:
        raise channel_problem("public_channel", channel)
    if not allow_shared and any(info.get(flag) for flag in _SHARED_FLAGS):
        raise channel_problem("shared_channel", channel)
    if info.get("is_member") is False:
        raise channel_problem("not_in_channel", channel)
