"""Block Kit to rich renderables; buttons and menu options get numbers for `press N`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from devkit.console.mrkdwn import Namer, plain_to_text, to_text

Block = dict[str, Any]


@dataclass(frozen=True)
class Origin:
    """Where a control was shown: an ephemeral reply, a posted message, App Home or a modal."""

    kind: str
    channel: str | None = None
    message: dict[str, Any] | None = None
    view: dict[str, Any] | None = None


@dataclass(frozen=True)
class Control:
    """A pressable element: a button, or one option of an overflow menu or select."""

    number: int
    element: dict[str, Any]
    block_id: str
    origin: Origin
    option: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        """Return the text the user sees on it."""
        source = self.option if self.option is not None else self.element
        text = source.get("text") or {}
        return str(text.get("text", "")) if isinstance(text, dict) else str(text)


_BUTTON_STYLES = {"primary": "bold green", "danger": "bold red"}


def text_object(obj: Any, name_of: Namer, style: str = "") -> Text:
    """Render a text object, mrkdwn or plain_text."""
    if not isinstance(obj, dict):
        return Text(str(obj or ""), style=style)
    if obj.get("type") == "mrkdwn":
        return to_text(str(obj.get("text", "")), name_of=name_of, style=style)
    return plain_to_text(str(obj.get("text", "")), style=style)


@dataclass
class BlockRenderer:
    """Render blocks, numbering every control from `first` on."""

    name_of: Namer
    first: int = 1
    controls: list[Control] = field(default_factory=list)

    def render(self, blocks: list[Block], origin: Origin) -> list[RenderableType]:
        """Return one renderable per block (input blocks are left to the form)."""
        out: list[RenderableType] = []
        for block in blocks:
            draw = _DRAWERS.get(str(block.get("type")), _unknown)
            out.extend(draw(self, block, origin))
        return out

    def control(
        self, element: dict[str, Any], block_id: str, origin: Origin, option: Any = None
    ) -> Text:
        """Number one control and return its label."""
        control = Control(self.first + len(self.controls), element, block_id, origin, option)
        self.controls.append(control)
        style = _BUTTON_STYLES.get(str(element.get("style")), "bold")
        return Text(f"[{control.number} {control.label}]", style=style)

    def element(self, element: dict[str, Any], block_id: str, origin: Origin) -> Text:
        """Render an interactive element (button, overflow, select) or an image accessory."""
        kind = element.get("type")
        if kind == "button":
            return self.control(element, block_id, origin)
        if kind in ("overflow", "static_select", "radio_buttons"):
            return self._menu(element, block_id, origin)
        if kind == "image":
            return Text(f"(image: {element.get('alt_text', '')})", style="dim")
        return Text(f"({kind})", style="dim")

    def _menu(self, element: dict[str, Any], block_id: str, origin: Origin) -> Text:
        placeholder = (element.get("placeholder") or {}).get("text")
        out = Text("⋯ " if element.get("type") == "overflow" else f"{placeholder or 'Choose'} ▾ ")
        for option in element.get("options") or []:
            out.append_text(self.control(element, block_id, origin, option))
            out.append(" ")
        out.rstrip()
        return out


def _header(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    return [text_object(block.get("text"), r.name_of, "bold underline")]


def _section(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    out: list[RenderableType] = []
    text = text_object(block["text"], r.name_of) if block.get("text") else Text()
    accessory = block.get("accessory")
    if accessory:
        text.append("  ")
        text.append_text(r.element(accessory, str(block.get("block_id", "")), origin))
    if text.plain:
        out.append(text)
    fields = [text_object(f, r.name_of) for f in block.get("fields") or []]
    if fields:
        out.append(_two_columns(fields))
    return out


def _two_columns(fields: list[Text]) -> Text:
    # Slack shows fields in two columns; padded by hand so no line ends in spaces.
    lefts = fields[0::2]
    width = max(cell_len(line.plain) for f in lefts for line in f.split("\n"))
    out = Text()
    for start in range(0, len(fields), 2):
        left = fields[start].split("\n")
        right: list[Text] = list(fields[start + 1].split("\n")) if start + 1 < len(fields) else []
        for a, b in zip_longest(left, right):
            if out.plain:
                out.append("\n")
            if b is None:
                out.append_text(a or Text())
                continue
            out.append_text(a or Text())
            out.append(" " * (width - cell_len((a or Text()).plain) + 3))
            out.append_text(b)
    return out


def _context(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    line = Text(style="dim")
    for element in block.get("elements") or []:
        if line.plain:
            line.append("  ")
        if element.get("type") == "image":
            line.append(f"({element.get('alt_text', 'image')})")
        else:
            line.append_text(text_object(element, r.name_of))
    return [line]


def _divider(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    return [Rule(style="dim")]


def _image(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    title = block.get("title")
    name = title.get("text") if isinstance(title, dict) else block.get("alt_text", "image")
    where = block.get("image_url") or (block.get("slack_file") or {}).get("url", "")
    return [Text(f"🖼  {name}: {where}")]


def _actions(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    line = Text()
    for element in block.get("elements") or []:
        if line.plain:
            line.append("  ")
        line.append_text(r.element(element, str(block.get("block_id", "")), origin))
    return [line]


def _input(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    return []


def _rich_text(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    return [Text(_flatten(block.get("elements") or []))]


def _flatten(elements: list[Any]) -> str:
    parts: list[str] = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        if "elements" in element:
            parts.append(_flatten(element["elements"]))
        elif element.get("type") == "user":
            parts.append("@" + str(element.get("user_id", "")))
        else:
            parts.append(str(element.get("text") or element.get("url") or ""))
    return "".join(parts)


def _unknown(r: BlockRenderer, block: Block, origin: Origin) -> list[RenderableType]:
    return [Text(f"({block.get('type')} block)", style="dim")]


Drawer = Callable[[BlockRenderer, Block, Origin], list[RenderableType]]
_DRAWERS: dict[str, Drawer] = {
    "header": _header,
    "section": _section,
    "context": _context,
    "divider": _divider,
    "image": _image,
    "actions": _actions,
    "input": _input,
    "rich_text": _rich_text,
}


def group(renderables: list[RenderableType]) -> Group:
    """Stack renderables vertically."""
    return Group(*renderables)
