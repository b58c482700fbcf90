"""Slack's side of copying evidence: what `files.info` says of a file, and its download."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import UserFacingError
from bot.evidence.fetch import download


class FileUnavailable(UserFacingError):
    """Slack cannot tell us about the file (deleted, never existed, or no access)."""


@dataclass(frozen=True)
class SlackFile:
    """What `files.info` says about a file: enough to decide whether and how to copy it."""

    id: str
    name: str
    media_type: str
    size: int | None
    download_url: str | None
    permalink: str | None


def slack_file(data: dict[str, Any]) -> SlackFile:
    """Read the `file` object of a files.info answer."""
    size = data.get("size")
    return SlackFile(
        id=str(data.get("id") or ""),
        name=str(data.get("name") or data.get("title") or "file"),
        media_type=str(data.get("mimetype") or ""),
        size=int(size) if isinstance(size, int | float) else None,
        download_url=data.get("url_private_download") or data.get("url_private"),
        permalink=data.get("permalink"),
    )


@dataclass
class SlackFiles:
    """Look files up and download them with the bot's token."""

    client: WebClient
    token: str
    retries: int = 3
    backoff: float = 1.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def info(self, file_id: str) -> SlackFile:
        """Return what Slack says of the file; FileUnavailable when it cannot say."""
        try:
            answer = self.client.files_info(file=file_id)
        except SlackApiError as exc:
            code = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
            if code == "file_not_found" or code == "file_deleted":
                raise FileUnavailable(
                    f"Slack no longer has the file ({code}): it may have been deleted."
                ) from exc
            raise FileUnavailable(f"Slack would not describe the file ({code}).") from exc
        except OSError as exc:
            raise FileUnavailable(f"Slack could not be reached ({type(exc).__name__}).") from exc
        return slack_file(answer.get("file") or {})

    def fetch(self, url: str, *, max_bytes: int) -> bytes:
        """Download the file's bytes, retried; DownloadFailed when it cannot be had."""
        return download(
            url,
            self.token,
            max_bytes=max_bytes,
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
            sleep=self.sleep,
        )
