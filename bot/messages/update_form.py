"""The update form (a modal): building it, and reading its submitted state."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.errors import InvalidInput
from bot.inputs import NOTE_LIMIT, FileRef, UpdateInput, read_when
from bot.language.impact import QUESTION
from bot.messages.common import Block, clip, context, escape, plain, section, status_line
from bot.readmodel.actions import ActionView
from bot.status import Status

CALLBACK_ID = "update_form"
LINKS_LIMIT = 3000


@dataclass(frozen=True)
class Prefill:
    """Values to show in the form (from a plain-language proposal, for Edit)."""

    status: Status | None = None
    note: str = ""
    day: date | None = None
    links: tuple[str, ...] = ()
    understood: tuple[str, ...] = ()  # what a plain-language update was read as
    impact: str = ""


def understood_text(lines: list[str] | tuple[str, ...]) -> str:
    """Return the "understood from" lines as escaped mrkdwn, one bullet each."""
    return "*What I understood*\n" + "\n".join(f"• {escape(line)}" for line in lines)


def _understood(prefill: Prefill) -> list[Block]:
    if not prefill.understood:
        return []
    return [section(clip(understood_text(prefill.understood), 3000))]


def _option(status: Status) -> dict[str, Any]:
    return {"text": plain(status.label, 75), "value": status.value}


def _input(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = True,
    hint: str | None = None,
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _multiline(limit: int, initial: str) -> dict[str, Any]:
    """Return a multi-line text input of at most `limit` characters, prefilled unless empty."""
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": True,
        "max_length": limit,
    }
    if initial:
        element["initial_value"] = initial
    return element


def update_modal(
    view: ActionView,
    *,
    opener: str,
    channel: str | None,
    prefill: Prefill | None = None,
    seen: int | None = None,
    notice: str | None = None,
) -> dict[str, Any]:
    """Return the update form for one action, prefilled from the action or a proposal.

    `seen` is the action's version the form is built from; `notice` says why it reopened.
    """
    prefill = prefill or Prefill(status=view.status, day=view.completed_on)
    status_select: dict[str, Any] = {
        "type": "static_select",
        "action_id": "value",
        "options": [_option(s) for s in Status],
        "initial_option": _option(prefill.status or view.status),
    }
    note = _multiline(NOTE_LIMIT, clip(prefill.note, NOTE_LIMIT))
    picker: dict[str, Any] = {"type": "datepicker", "action_id": "value"}
    # A complete action keeps showing its date, so a note alone re-sends nothing.
    day = prefill.day or (
        view.completed_on if (prefill.status or view.status) is Status.COMPLETE else None
    )
    if day:
        picker["initial_date"] = day.isoformat()
    links = _multiline(LINKS_LIMIT, "\n".join(prefill.links))
    impact = _multiline(NOTE_LIMIT, clip(prefill.impact, NOTE_LIMIT))
    metadata = {
        "a": view.id,
        "u": opener,
        "c": channel,
        # What the form showed: Save is refused if the action moved on, and sends only
        # the fields the person changed.
        "v": seen,
        "s": view.status.value,
        "d": view.completed_on.isoformat() if view.completed_on else None,
        # The current target: moving it later needs a reason (a field error before the
        # form closes), and the form is checked without the database.
        "t": view.due_date.isoformat() if view.due_date else None,
    }
    top: list[Block] = [section(clip(notice, 3000))] if notice else []
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(f"Update {view.ref}", 24),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps(metadata, separators=(",", ":")),
        "blocks": [
            *top,
            section(f"*`{view.full_ref}`* {escape(clip(view.text, 1200))}"),
            context(status_line(view)),
            *_understood(prefill),
            _input("status", "Status", status_select, optional=False),
            _input(
                "note",
                "Progress note or outcome",
                note,
                hint="What happened? For Complete, the outcome. Don't name victims.",
            ),
            _input(
                "date",
                "Date",
                picker,
                hint="Completion date if Complete; otherwise a new target date.",
            ),
            _input(
                "when",
                "…or say when",
                {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "max_length": 100,
                    "placeholder": plain("e.g. last Friday, 30/09"),
                },
            ),
            _input(
                "impact",
                "Impact (for Complete)",
                impact,
                hint=f"{QUESTION} Needed before a coordinator can sign it off.",
            ),
            _input("links", "Evidence links", links, hint="One http(s) link per line."),
            _input(
                "files",
                "Evidence files",
                {"type": "file_input", "action_id": "value", "max_files": 5},
            ),
        ],
    }


def read_metadata(view: dict[str, Any]) -> tuple[int, str, str | None]:
    """Return (action id, opener's user id, channel) from the form's private metadata."""
    data = json.loads(view.get("private_metadata") or "{}")
    channel = data.get("c")
    return int(data["a"]), str(data["u"]), channel if isinstance(channel, str) else None


@dataclass(frozen=True)
class Shown:
    """What the form showed when it was built: the action's version, status and date."""

    seen: int | None
    status: Status | None
    completed_on: date | None


def read_shown(view: dict[str, Any]) -> Shown:
    """Return what the form showed, from its private metadata (None for older forms)."""
    data = json.loads(view.get("private_metadata") or "{}")
    seen = data.get("v")
    status = data.get("s")
    day = data.get("d")
    return Shown(
        seen=int(seen) if seen is not None else None,
        status=Status(status) if status in {s.value for s in Status} else None,
        completed_on=date.fromisoformat(day) if day else None,
    )


def only_changes(data: UpdateInput, shown: Shown) -> UpdateInput:
    """Keep the fields the person changed: an untouched status is not sent back."""
    if shown.status is None or data.status is not shown.status:
        return replace(data, seen=shown.seen)
    day = data.completed_on
    return replace(
        data,
        status=None,
        completed_on=None if day == shown.completed_on else day,
        seen=shown.seen,
    )


def form_key(view: dict[str, Any]) -> str:
    """Return the key of one submission: the same view submitted in the same state twice
    (a double click, a replayed request) gives the same key and is stored once."""
    state = json.dumps(view.get("state") or {}, sort_keys=True, separators=(",", ":"))
    parts = (str(view.get("id")), str(view.get("hash")), view.get("private_metadata") or "", state)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def form_due_date(view: dict[str, Any]) -> date | None:
    """Return the action's target when the form was opened (None when it had none)."""
    data = json.loads(view.get("private_metadata") or "{}")
    return date.fromisoformat(data["t"]) if data.get("t") else None


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id) or {}
    return dict(block.get("value") or {})


def _files(state: dict[str, Any]) -> tuple[FileRef, ...]:
    found = []
    for item in state.get("files") or []:
        if isinstance(item, dict) and item.get("id"):
            found.append(
                FileRef(
                    id=str(item["id"]),
                    name=str(item.get("name") or item["id"]),
                    permalink=item.get("permalink"),
                )
            )
    return tuple(found)


def read_update_form(values: dict[str, Any], *, today: date) -> UpdateInput:
    """Turn the modal's state into an UpdateInput, or raise InvalidInput keyed by block id."""
    selected = (_value(values, "status").get("selected_option") or {}).get("value")
    status = Status(selected) if selected in {s.value for s in Status} else None
    if status is None:
        raise InvalidInput({"status": "Choose a status."})
    picked = _value(values, "date").get("selected_date")
    when_text = _value(values, "when").get("value") or ""
    day, problem = read_when(when_text, status=status, today=today)
    if problem:
        raise InvalidInput({"when": problem})
    if picked and day and date.fromisoformat(picked) != day:
        raise InvalidInput({"when": "The date picked and the date typed differ: keep one."})
    day = day or (date.fromisoformat(picked) if picked else None)
    links_text = _value(values, "links").get("value") or ""
    complete = status is Status.COMPLETE
    return UpdateInput(
        status=status,
        note=(_value(values, "note").get("value") or "").strip(),
        completed_on=day if complete else None,
        new_due_date=None if complete else day,
        links=tuple(line.strip() for line in links_text.splitlines() if line.strip()),
        files=_files(_value(values, "files")),
        impact=(_value(values, "impact").get("value") or "").strip(),
    )


def field_errors(errors: dict[str, str], *, typed_date: bool) -> dict[str, str]:
    """Map UpdateInput field names onto the form's block ids."""
    date_block = "when" if typed_date else "date"
    mapping = {"completed_on": date_block, "new_due_date": date_block}
    mapped: dict[str, str] = {}
    for name, message in errors.items():
        mapped.setdefault(mapping.get(name, name), message)
    return mapped
