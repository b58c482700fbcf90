"""Modals as terminal forms: one prompt per input, answers turned into Slack's view state.

Checks that Slack's own client makes before it lets a form be submitted (a required field,
an option that exists, a date, a length limit) are made here too; everything else is the
app's to judge, and comes back as `response_action: errors`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.text import Text

State = dict[str, Any]
CLEAR = "-"
REQUIRED = "Please complete this required field."


class Asker(Protocol):
    """Read one answer (raises EOFError at end of input, KeyboardInterrupt on Ctrl-C)."""

    def __call__(self, prompt: str) -> str: ...


class Invalid(Exception):
    """An answer Slack's client would not accept."""


@dataclass(frozen=True)
class Field:
    """One input block of a modal."""

    block_id: str
    action_id: str
    label: str
    element: dict[str, Any]
    optional: bool
    hint: str

    @property
    def kind(self) -> str:
        """Return the element type, e.g. static_select."""
        return str(self.element.get("type", ""))


def fields_of(view: dict[str, Any]) -> list[Field]:
    """Return the input blocks of a view, in order."""
    found = []
    for index, block in enumerate(view.get("blocks") or []):
        if block.get("type") != "input" or not isinstance(block.get("element"), dict):
            continue
        element = block["element"]
        found.append(
            Field(
                block_id=str(block.get("block_id") or f"input{index}"),
                action_id=str(element.get("action_id") or "value"),
                label=_text(block.get("label")),
                element=element,
                optional=bool(block.get("optional")),
                hint=_text(block.get("hint")),
            )
        )
    return found


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else str(obj or "")


def _options(field: Field) -> list[dict[str, Any]]:
    return [o for o in field.element.get("options") or [] if isinstance(o, dict)]


# ---------------------------------------------------------------------- per element type


def _pick(field: Field, answer: str) -> dict[str, Any]:
    options = _options(field)
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    for option in options:
        if answer.lower() in (_text(option.get("text")).lower(), str(option.get("value")).lower()):
            return option
    raise Invalid(f"Choose one of the options by number (1–{len(options)}).")


def _select(field: Field, answer: str | None) -> State:
    return {"type": field.kind, "selected_option": _pick(field, answer) if answer else None}


def _multi(field: Field, answer: str | None) -> State:
    chosen = [_pick(field, part.strip()) for part in (answer or "").split(",") if part.strip()]
    return {"type": field.kind, "selected_options": chosen}


def _date(field: Field, answer: str | None) -> State:
    if answer:
        try:
            date.fromisoformat(answer)
        except ValueError as exc:
            raise Invalid("Give a date as YYYY-MM-DD, e.g. 2026-11-20.") from exc
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", answer):
            raise Invalid("Give a date as YYYY-MM-DD, e.g. 2026-11-20.")
    return {"type": "datepicker", "selected_date": answer or None}


def _time(field: Field, answer: str | None) -> State:
    if answer and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", answer):
        raise Invalid("Give a time as HH:MM, e.g. 09:30.")
    return {"type": "timepicker", "selected_time": answer or None}


def _typed(field: Field, answer: str | None) -> State:
    value = answer.replace("\\n", "\n") if answer and field.element.get("multiline") else answer
    if value:
        _check_length(field, value)
        _check_format(field, value)
    return {"type": field.kind, "value": value or None}


def _check_length(field: Field, value: str) -> None:
    low, high = field.element.get("min_length"), field.element.get("max_length")
    if isinstance(high, int) and len(value) > high:
        raise Invalid(f"At most {high} characters, please (this is {len(value)}).")
    if isinstance(low, int) and len(value) < low:
        raise Invalid(f"At least {low} characters, please.")


def _check_format(field: Field, value: str) -> None:
    if field.kind == "url_text_input" and not re.match(r"https?://\S+$", value):
        raise Invalid("Give a link starting with http:// or https://.")
    if field.kind == "email_text_input" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", value):
        raise Invalid("Give an email address.")
    if field.kind == "number_input":
        pattern = r"-?\d+(\.\d+)?" if field.element.get("is_decimal_allowed") else r"-?\d+"
        if not re.fullmatch(pattern, value):
            raise Invalid("Give a number.")


Reader = Callable[[Field, "str | None"], State]
_READERS: dict[str, Reader] = {
    "static_select": _select,
    "radio_buttons": _select,
    "multi_static_select": _multi,
    "checkboxes": _multi,
    "datepicker": _date,
    "timepicker": _time,
    "plain_text_input": _typed,
    "url_text_input": _typed,
    "email_text_input": _typed,
    "number_input": _typed,
}


def initial_state(field: Field) -> State:
    """Return the state a field has before anyone types (its initial value, if any)."""
    element = field.element
    kind = field.kind
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": element.get("initial_option")}
    if kind in ("multi_static_select", "checkboxes"):
        return {"type": kind, "selected_options": list(element.get("initial_options") or [])}
    if kind == "datepicker":
        return {"type": kind, "selected_date": element.get("initial_date")}
    if kind == "timepicker":
        return {"type": kind, "selected_time": element.get("initial_time")}
    if kind == "file_input":
        return {"type": kind, "files": []}
    return {"type": kind, "value": element.get("initial_value")}


def shown(state: State) -> str:
    """Return a state's value as the user would read it."""
    if state.get("selected_option"):
        return _text(state["selected_option"].get("text"))
    if state.get("selected_options"):
        return ", ".join(_text(o.get("text")) for o in state["selected_options"])
    if state.get("files"):
        return ", ".join(str(f.get("name")) for f in state["files"])
    value = state.get("value") or state.get("selected_date") or state.get("selected_time")
    return str(value).replace("\n", "\\n") if value else ""


# ---------------------------------------------------------------------- the form


class FormFiller:
    """Ask for each field of a modal in turn and build `view.state.values`."""

    def __init__(
        self, console: Console, ask: Asker, upload: Callable[[Path], dict[str, Any]]
    ) -> None:
        self.console = console
        self.ask = ask
        self.upload = upload

    def fill(
        self,
        fields: list[Field],
        values: dict[str, State],
        *,
        errors: dict[str, str] | None = None,
    ) -> dict[str, State]:
        """Ask for every field (or, with `errors`, only those fields) and return the state."""
        out = dict(values)
        for field in fields:
            if errors is not None and field.block_id not in errors:
                continue
            current = out.get(field.block_id, {}).get(field.action_id) or initial_state(field)
            problem = (errors or {}).get(field.block_id)
            out[field.block_id] = {field.action_id: self._field(field, current, problem)}
        return out

    def _field(self, field: Field, current: State, problem: str | None) -> State:
        self._describe(field)
        while True:
            if problem:
                self.console.print(Text(f"  ✗ {problem}", style="bold red"))
            now = shown(current)
            suffix = "" if field.optional else " *"
            prompt = f"{field.label}{suffix}" + (f" [{now}]" if now else "") + ": "
            answer = self.ask(prompt).strip()
            try:
                return self._answer(field, current, answer)
            except Invalid as invalid:
                problem = str(invalid)

    def _answer(self, field: Field, current: State, answer: str) -> State:
        if answer == CLEAR:
            state = initial_state(replace(field, element=_bare(field.element)))
        elif not answer:
            state = current
        elif field.kind == "file_input":
            state = {"type": "file_input", "files": self._files(field, answer)}
        else:
            reader = _READERS.get(field.kind, _typed)
            state = reader(field, answer)
        if not field.optional and not shown(state):
            raise Invalid(REQUIRED)
        return state

    def _files(self, field: Field, answer: str) -> list[dict[str, Any]]:
        paths = [Path(part.strip()).expanduser() for part in answer.split(";") if part.strip()]
        limit = field.element.get("max_files") or 10
        if len(paths) > limit:
            raise Invalid(f"At most {limit} files.")
        for path in paths:
            if not path.is_file():
                raise Invalid(f"No such file: {path}")
        return [self.upload(path) for path in paths]

    def _describe(self, field: Field) -> None:
        if field.hint:
            self.console.print(Text(f"  {field.hint}", style="dim"))
        options = _options(field)
        if options and field.kind != "file_input":
            listed = "  ".join(f"{n}) {_text(o.get('text'))}" for n, o in enumerate(options, 1))
            self.console.print(Text(f"  {listed}", style="cyan"))
        extra = _EXTRA_HINTS.get(field.kind)
        if field.element.get("multiline"):
            extra = "type \\n for a new line"
        if extra:
            self.console.print(Text(f"  ({extra})", style="dim"))


_EXTRA_HINTS = {
    "datepicker": "a date, YYYY-MM-DD",
    "timepicker": "a time, HH:MM",
    "file_input": "file paths, separated by ;",
    "multi_static_select": "numbers separated by commas",
    "checkboxes": "numbers separated by commas",
}


def _bare(element: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in element.items() if not k.startswith("initial_")}
