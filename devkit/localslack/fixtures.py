"""Set up the fake workspace: users, channels, files, messages and response URLs.

A mixin over LocalSlack's state; LocalSlack sets these attributes in its __init__.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from devkit.localslack.state import WorkspaceState
from devkit.localslack.wire import Args


class WorkspaceFixtures(WorkspaceState):
    """Put users, channels, files and messages into the workspace the way Slack would hold them."""

    def add_user(
        self,
        id: str,
        name: str,
        real_name: str,
        tz: str = "Europe/London",
        is_bot: bool = False,
        email: str | None = None,
    ) -> None:
        """Add a user that users.info will find."""
        with self._lock:
            self.users[id] = {
                "id": id,
                "name": name,
                "real_name": real_name,
                "tz": tz,
                "is_bot": is_bot,
                "email": email,
            }

    def add_channel(
        self,
        id: str,
        name: str,
        is_private: bool = True,
        is_member: bool = True,
        members: list[str] | None = None,
        shared: bool = False,
    ) -> None:
        """Add a channel that conversations.info / members / history will find.

        `shared` makes it a Slack Connect channel (shared with another organisation).
        """
        with self._lock:
            self.channels[id] = {
                "id": id,
                "name": name,
                "is_private": is_private,
                "is_member": is_member,
                "shared": shared,
                "members": list(members or []),
            }
            self.messages.setdefault(id, [])

    def add_file(
        self,
        id: str,
        name: str,
        permalink: str,
        title: str | None = None,
        mimetype: str = "application/octet-stream",
        user: str | None = None,
        size: int = 0,
        content: bytes | None = None,
    ) -> None:
        """Add a file that files.info will find; with `content`, its bytes are downloadable."""
        with self._lock:
            self.files[id] = {
                "id": id,
                "name": name,
                "title": title or name,
                "mimetype": mimetype,
                "user": user,
                "size": len(content) if content is not None else size,
                "permalink": permalink,
                "url_private_download": f"{self.base_url}/files-pri/{self.team_id}-{id}/"
                f"download/{quote(name)}",
            }
            if content is not None:
                self.file_bytes[id] = content

    def delete_file(self, id: str) -> None:
        """Delete a file as a retention policy would: files.info and its download then fail."""
        with self._lock:
            self.files.pop(id, None)
            self.file_bytes.pop(id, None)

    def add_message(self, channel: str, text: str, user: str, **extra: Any) -> Args:
        """Put a message into a channel's history as if someone had posted it."""
        with self._lock:
            message = {"type": "message", "text": text, "user": user, "ts": self._next_ts()}
            message.update(extra)
            self.messages.setdefault(channel, []).append(message)
            return dict(message)

    def response_url(self, name: str) -> str:
        """Return a response_url on this server; POSTs to it are recorded as 'response_url'."""
        with self._lock:
            hook_id = f"R{next(self._ids):06d}"
            self._response_urls[hook_id] = name
        return f"{self.base_url}/response/{hook_id}"
