"""The impact statement inside a plain-language update: the text after `impact:` or `result:`."""

from __future__ import annotations

import re

QUESTION = "What has changed as a result, for whom, and how do you know?"

_MARKER = re.compile(r"(?:^|[\s,.;(])(?:impact|result)\s*:\s*", re.IGNORECASE)


def split_impact(text: str) -> tuple[str, str]:
    """Return the update without its impact statement, and the statement ("" when none)."""
    found = _MARKER.search(text)
    if found is None:
        return text.strip(), ""
    before = text[: found.start()].rstrip(" ,;")
    return before.strip(), text[found.end() :].strip()
