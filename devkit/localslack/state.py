"""The fake workspace's state as the Web API methods see it, and the helpers that mint ids.

Declared as annotations so the method mixin type-checks; LocalSlack sets them in __init__.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

from devkit.localslack.wire import Args, SlackError, Upload


class WorkspaceState:
    """The state LocalSlack holds (declared here, set in its __init__) and helpers over it."""

    clock: Callable[[], float]
    strict_channels: bool
    team_id: str
    bot_user_id: str
    uploads: dict[str, Upload]
    messages: dict[str, list[Args]]
    ephemerals: list[Args]
    views: dict[str, Args]
    home_views: dict[str, Args]
    users: dict[str, Args]
    channels: dict[str, Args]
    files: dict[str, Args]
    file_bytes: dict[str, bytes]
    _lock: threading.RLock
    _response_urls: dict[str, str]
    _ids: itertools.count[int]
    _last_ts_us: int

    @property
    def base_url(self) -> str:
        """Return the server root; LocalSlack knows it once started."""
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers (lock held)

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}0{next(self._ids):08X}"

    def _next_ts(self) -> str:
        # Strictly increasing, so history ordering holds even under a frozen clock.
        micros = max(int(self.clock() * 1_000_000), self._last_ts_us + 1)
        self._last_ts_us = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _resolve_channel(self, channel: str) -> str:
        if channel.startswith(("U", "W")):
            return "D" + channel
        known = self.channels.get(channel)
        if known is not None and not known["is_member"]:
            raise SlackError("not_in_channel")
        is_dm = channel.startswith("D")
        if known is None and self.strict_channels and not is_dm and channel not in self.messages:
            raise SlackError("channel_not_found")
        return channel

    def _find_message(self, channel: str, ts: str) -> Args:
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")
