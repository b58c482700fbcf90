"""The manifest grants exactly the scopes the code needs: no missing scope, no unused one.

Each Web API method and Block Kit element the code uses is listed with the bot-token
scopes Slack's method and element reference pages name for it (docs.slack.dev). A method
the table does not know fails the test, so a new call cannot ship without its scope.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("bot", "handlers")

# Method → the bot scopes it needs, as the conversations the bot uses it on require.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "chat.getPermalink": frozenset(),
    # The summary's private channel (groups), a public one when allowed (channels), and
    # the reminder DMs (im) are searched for an already-posted marker.
    "conversations.history": frozenset({"channels:history", "groups:history", "im:history"}),
    # Is the summary channel private, and shared with another organisation?
    "conversations.info": frozenset({"channels:read", "groups:read"}),
    "conversations.open": frozenset({"im:write"}),
    "views.open": frozenset(),
    "views.publish": frozenset(),
    "views.update": frozenset(),
    "views.push": frozenset(),
    # files_upload_v2 calls files.getUploadURLExternal and files.completeUploadExternal.
    "files.uploadV2": frozenset({"files:write"}),
    "files.info": frozenset({"files:read"}),
}
# Block Kit elements with a scope of their own.
ELEMENT_SCOPES: dict[str, frozenset[str]] = {"file_input": frozenset({"files:read"})}
# The slash command and the message shortcut.
FEATURE_SCOPES = frozenset({"commands"})

_CALL = re.compile(
    r"\.(chat|conversations|files|views|users|reactions|pins|team|auth|bots|usergroups|dnd)"
    r"_([A-Za-z0-9_]+)\("
)
_ELEMENT = re.compile(r"[\"']type[\"']\s*:\s*[\"'](\w+)[\"']|\btype=[\"'](\w+)[\"']")


def _sources() -> list[str]:
    return [
        path.read_text(encoding="utf-8")
        for package in PRODUCT
        for path in sorted((ROOT / package).rglob("*.py"))
    ]


def methods_called() -> set[str]:
    """Return every Web API method the product code calls, in Slack's dotted spelling."""
    found = set()
    for source in _sources():
        for family, name in _CALL.findall(source):
            if family == "files" and name == "upload_v2":
                found.add("files.uploadV2")
                continue
            head, *rest = name.split("_")
            found.add(f"{family}.{head}{''.join(w[:1].upper() + w[1:] for w in rest)}")
    return found


def elements_used() -> set[str]:
    """Return every Block Kit type named in the product code."""
    return {a or b for source in _sources() for a, b in _ELEMENT.findall(source)}


def manifest_scopes() -> set[str]:
    """Return the bot scopes manifest.yml asks for."""
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    return set(manifest["oauth_config"]["scopes"]["bot"])


def test_every_method_called_is_in_the_table() -> None:
    unknown = methods_called() - set(METHOD_SCOPES)
    assert not unknown, f"add these methods and their scopes to METHOD_SCOPES: {unknown}"


def test_the_scan_sees_the_calls_we_know_of() -> None:
    called = methods_called()
    assert {"chat.postMessage", "views.open", "conversations.history"} <= called
    assert "file_input" in elements_used()


def test_manifest_grants_exactly_the_scopes_the_code_needs() -> None:
    needed = set(FEATURE_SCOPES)
    for method in methods_called():
        needed |= METHOD_SCOPES.get(method, frozenset())
    for element in elements_used():
        needed |= ELEMENT_SCOPES.get(element, frozenset())
    granted = manifest_scopes()
    assert not needed - granted, f"manifest.yml lacks {sorted(needed - granted)}"
    assert not granted - needed, f"manifest.yml asks for unused {sorted(granted - needed)}"
