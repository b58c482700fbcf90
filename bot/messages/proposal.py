"""The answer to `/dhr update REF text`: what was understood, with Save, Edit and Cancel."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date

from bot.dates.calendar import for_people
from bot.inputs import UpdateInput
from bot.language import ProposedUpdate, explanation_lines
from bot.messages.common import Block, button, clip, context, escape, section
from bot.messages.update_form import Prefill, understood_text
from bot.readmodel.actions import ActionView
from bot.status import Status

VALUE_LIMIT = 2000


def encode(
    action_id: int,
    proposal: ProposedUpdate,
    request_id: str,
    seen: int | None = None,
    impact: str = "",
) -> str:
    """Pack the proposal into a button value: it travels with the message, not in memory."""
    data = {
        "a": action_id,
        "r": request_id,
        "v": seen,
        "s": proposal.status.value if proposal.status else None,
        "c": proposal.completed_on.isoformat() if proposal.completed_on else None,
        "d": proposal.new_due_date.isoformat() if proposal.new_due_date else None,
        "l": list(proposal.links),
        "n": proposal.note,
    }
    if impact:
        data["i"] = impact
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def decode(value: str) -> tuple[int, UpdateInput]:
    """Unpack a proposal button's value into the action id and the update to save."""
    data = json.loads(value)
    # Every proposal button carries its action id and a request id; anything else is not ours.
    if not isinstance(data.get("a"), int) or not isinstance(data.get("r"), str):
        raise ValueError("not a proposal")
    return int(data["a"]), UpdateInput(
        status=Status(data["s"]) if data.get("s") else None,
        note=str(data.get("n") or ""),
        completed_on=date.fromisoformat(data["c"]) if data.get("c") else None,
        new_due_date=date.fromisoformat(data["d"]) if data.get("d") else None,
        links=tuple(str(link) for link in data.get("l") or ()),
        request_id=str(data["r"])[:64] if data.get("r") else None,
        seen=int(data["v"]) if data.get("v") is not None else None,
        impact=str(data.get("i") or ""),
    )


def reopen_value(action_id: int, data: UpdateInput) -> str | None:
    """Return an Edit button's value reopening the form with the typed note and links kept
    (None when they are too long for a button)."""
    value = json.dumps(
        {
            "a": action_id,
            "r": None,
            "s": None,
            "c": None,
            "d": None,
            "l": list(data.links),
            "n": data.note,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return value if len(value) <= VALUE_LIMIT else None


def prefill_of(data: UpdateInput, proposal: ProposedUpdate | None = None) -> Prefill:
    """Return the form's prefill for an update being edited, with what was understood."""
    return Prefill(
        status=data.status,
        note=data.note,
        day=data.completed_on or data.new_due_date,
        links=data.links,
        understood=tuple(explanation_lines(proposal)) if proposal else (),
        impact=data.impact,
    )


def proposal_blocks(
    view: ActionView, proposal: ProposedUpdate, seen: int | None = None, impact: str = ""
) -> list[Block]:
    """Return the proposal message; Save only when it understood everything.

    `seen` is the action's version it was read against: Save is refused if it moved on.
    """
    value = encode(view.id, proposal, uuid.uuid4().hex, seen, impact)
    buttons = []
    if not proposal.problems and len(value) <= VALUE_LIMIT:
        buttons.append(button("Save", "proposal_save", value, style="primary"))
    # A note too long for a button goes through the form instead: Edit carries the rest.
    edit_value = (
        value
        if len(value) <= VALUE_LIMIT
        else encode(view.id, replace(proposal, note="", problems=()), "", seen, impact[:500])
    )
    if len(edit_value) > VALUE_LIMIT:  # links too long to carry: the form starts without them
        edit_value = encode(view.id, replace(proposal, note="", links=(), problems=()), "")
    buttons.append(button("Edit", "proposal_edit", edit_value))
    buttons.append(button("Cancel", "proposal_cancel", str(view.id)))
    blocks: list[Block] = [
        section(f"*`{view.full_ref}`* {escape(clip(view.text, 300))}"),
        section(describe(proposal)),
        section(clip(understood_text(explanation_lines(proposal)), 3000)),
    ]
    if impact:
        blocks.append(section(f"*Impact statement:* {escape(clip(impact, 1500))}"))
    if len(value) > VALUE_LIMIT:
        blocks.append(
            context("The note is too long for a quick save: press *Edit* to use the form.")
        )
    blocks.append(context("Nothing is saved until you press *Save*."))
    blocks.append({"type": "actions", "block_id": "proposal", "elements": buttons})
    return blocks


def describe(p: ProposedUpdate) -> str:
    """Summarise in one paragraph of Slack mrkdwn what an update was understood to mean."""
    head = "No status change" if p.status is None else f"Mark *{p.status.label.lower()}*"
    if p.completed_on is not None:
        head += f", completed {for_people(p.completed_on)}"
    clauses = [head]
    if p.new_due_date is not None:
        clauses.append(f"new due date {for_people(p.new_due_date)}")
    if p.links:
        clauses.append(f"{len(p.links)} evidence link{'s' if len(p.links) != 1 else ''}")
    text = "; ".join(clauses) + "."
    if p.note:
        text += " Your words are kept as the progress note."
    if p.problems:
        text += (
            " *I can't save this as it stands:* "
            + escape(" ".join(p.problems))
            + " Use *Edit* to fill in the form, or send the update again."
        )
    return text
