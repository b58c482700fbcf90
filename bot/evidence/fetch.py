"""Download a Slack file (`url_private_download`) with the bot token, bounded and retried."""

from __future__ import annotations

import ipaddress
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from http.client import HTTPResponse
from typing import IO
from urllib.parse import urlsplit

from bot.errors import UserFacingError

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 30.0


class DownloadFailed(UserFacingError):
    """The file could not be fetched; `reason` says why in a sentence."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        self.reason = reason
        self.transient = transient
        super().__init__(reason)


class _Transient(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        self.reason = reason
        self.wait = wait
        super().__init__(reason)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    # The token goes with the request: never over plain HTTP, except to a local stand-in.
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname or "")):
        return
    raise DownloadFailed(f"The file's address is not a secure Slack address ({parts.scheme}).")


class _SameHostAuth(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but send the token only to the host it was meant for."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]
        if new is not None and urlsplit(newurl).hostname != urlsplit(req.full_url).hostname:
            new.remove_header("Authorization")
        return new


_opener = urllib.request.build_opener(_SameHostAuth())


def _retry_after(value: str | None) -> float | None:
    try:
        return min(float(value), _MAX_RETRY_AFTER) if value else None
    except ValueError:
        return None


def _read_capped(response: HTTPResponse, *, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise DownloadFailed(f"The file is larger than the {max_bytes}-byte limit.")
    parts: list[bytes] = []
    size = 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise DownloadFailed(f"The file is larger than the {max_bytes}-byte limit.")
        if time.monotonic() > deadline:
            raise _Transient("the download took too long")
        parts.append(chunk)
    return b"".join(parts)


def _attempt(url: str, token: str, *, max_bytes: int, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    deadline = time.monotonic() + timeout
    try:
        with _opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind == "text/html":
                # Slack answers a request it will not serve with its sign-in page and a 200.
                raise DownloadFailed(
                    "Slack sent a sign-in page instead of the file: the bot may lack the "
                    "files:read scope or access to the file."
                )
            return _read_capped(response, max_bytes=max_bytes, deadline=deadline)
    except urllib.error.HTTPError as exc:
        if exc.code in _RETRY_STATUSES:
            raise _Transient(
                f"Slack answered {exc.code}", _retry_after(exc.headers.get("Retry-After"))
            ) from exc
        if exc.code in (401, 403):
            raise DownloadFailed(f"Slack refused the download ({exc.code}).") from exc
        if exc.code == 404:
            raise DownloadFailed("The file is no longer in Slack (404).") from exc
        raise DownloadFailed(f"Slack answered {exc.code} to the download.") from exc
    except (TimeoutError, ConnectionError) as exc:
        raise _Transient(f"the connection failed ({type(exc).__name__})") from exc
    except urllib.error.URLError as exc:
        raise _Transient(f"the connection failed ({type(exc.reason).__name__})") from exc


def download(
    url: str,
    token: str,
    *,
    max_bytes: int,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """Fetch the file with a Bearer token, retrying timeouts and 5xx up to `retries` times."""
    _check_url(url)
    last = "no attempt was made"
    for attempt in range(retries + 1):
        try:
            return _attempt(url, token, max_bytes=max_bytes, timeout=timeout)
        except _Transient as exc:
            last = exc.reason
            logger.info("download attempt %d failed: %s", attempt + 1, exc.reason)
            if attempt < retries:
                sleep(exc.wait if exc.wait is not None else backoff * 2**attempt)
    raise DownloadFailed(
        f"The file could not be downloaded after {retries + 1} attempts: {last}.", transient=True
    )
