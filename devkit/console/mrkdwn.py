"""Slack mrkdwn to rich Text: bold, italic, strike, code, links, mentions, emoji."""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.emoji import Emoji
from rich.style import Style
from rich.text import Text

# Slack names these colours differently from the emoji codes rich knows.
_SLACK_EMOJI = {
    "large_green_circle": "🟢",
    "large_orange_circle": "🟠",
    "large_yellow_circle": "🟡",
    "large_blue_circle": "🔵",
    "large_purple_circle": "🟣",
    "white_circle": "⚪",
    "black_circle": "⚫",
}
_EMOJI = re.compile(r":([a-z0-9_+\-]+):")
_TOKEN = re.compile(
    r"```(?P<pre>.+?)```"
    r"|`(?P<code>[^`\n]+)`"
    r"|<(?P<angle>[^<>\n]+)>"
    r"|(?<![\w*])\*(?P<bold>[^*\n]+?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic>[^_\n]+?)_(?![\w_])"
    r"|(?<![\w~])~(?P<strike>[^~\n]+?)~(?![\w~])",
    re.DOTALL,
)
_BULLET = re.compile(r"^(\s*)[-*] (?=\S)", re.MULTILINE)

Namer = Callable[[str], str]


def _plain_name(user_id: str) -> str:
    return user_id


def unescape(text: str) -> str:
    """Undo Slack's escaping of &, < and >."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def emojize(text: str) -> str:
    """Replace :emoji: codes with the characters, leaving unknown codes as written."""
    text = _EMOJI.sub(lambda m: _SLACK_EMOJI.get(m.group(1), m.group(0)), text)
    return Emoji.replace(text)


def to_text(source: str, *, name_of: Namer = _plain_name, style: str = "") -> Text:
    """Render one mrkdwn string as rich Text."""
    out = Text(style=style)
    _render(_BULLET.sub(r"\1• ", source), out, Style.parse(style) if style else Style(), name_of)
    return out


def plain_to_text(source: str, *, style: str = "") -> Text:
    """Render a plain_text string (emoji codes allowed, no formatting)."""
    return Text(emojize(source), style=style)


def _render(source: str, out: Text, style: Style, name_of: Namer) -> None:
    position = 0
    for match in _TOKEN.finditer(source):
        out.append(emojize(unescape(source[position : match.start()])), style=style)
        _token(match, out, style, name_of)
        position = match.end()
    out.append(emojize(unescape(source[position:])), style=style)


def _token(match: re.Match[str], out: Text, style: Style, name_of: Namer) -> None:
    kind = match.lastgroup or ""
    value = match.group(kind)
    if kind in ("pre", "code"):
        out.append(unescape(value.strip("\n") if kind == "pre" else value), style + _CODE)
    elif kind == "angle":
        _angle(value, out, style, name_of)
    else:
        _render(value, out, style + _STYLES[kind], name_of)


_CODE = Style(color="cyan")
_STYLES = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "strike": Style(strike=True),
}


def _angle(value: str, out: Text, style: Style, name_of: Namer) -> None:
    target, _, label = value.partition("|")
    mention = style + Style(color="magenta", bold=True)
    if target.startswith("@"):
        out.append("@" + name_of(target[1:]), mention)
    elif target.startswith("#"):
        out.append("#" + (label or target[1:]), mention)
    elif target.startswith("!"):
        out.append(label or "@" + target[1:].split("^")[0], mention)
    else:
        url = unescape(target)
        shown = unescape(label) if label else url
        out.append(emojize(shown), style + Style(underline=True, link=url))
        if label and shown != url:
            out.append(f" ({url})", style + Style(dim=True))
