"""Evidence links that are only links: http(s), bounded, nothing Slack would read as markup."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_LINK = 2000
_FORBIDDEN = re.compile(r"[\s<>|\x00-\x1f\x7f-\x9f\"`]")


def link_problem(url: str) -> str | None:
    """Return why `url` cannot be stored as an evidence link, or None when it can."""
    if len(url) > MAX_LINK:
        return f"A link can be at most {MAX_LINK:,} characters."
    if _FORBIDDEN.search(url):
        return (
            "A link cannot contain spaces, quotes, control characters, angle brackets or a "
            "vertical bar."
        )
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return "That link is not a valid web address."
    if parts.scheme.lower() not in ("http", "https"):
        return "Links must start with https:// or http://."
    if not parts.hostname or "." not in parts.hostname.strip(".") or not port_ok:
        return "That link has no web site in it (like https://example.org/…)."
    if parts.username or parts.password:
        return "Links must not carry a user name or password."
    return None


def link_host(url: str) -> str:
    """Return the host a link goes to, shown beside its label so nobody is misled."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
