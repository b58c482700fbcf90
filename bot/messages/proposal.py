"""The answer to `/dhr update REF text`: what was understood, with Save, Edit and Cancel."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date

from bot.language import ProposedUpdate, describe
from bot.messages.common import Block, button, clip, context, escape, section
from bot.messages.update_form import Prefill
from bot.services.inputs import UpdateInput
from bot.services.views import ActionView
from bot.status import Status

VALUE_LIMIT = 2000


def encode(action_id: int, proposal: ProposedUpdate, request_id: str) -> str:
    """Pack the proposal into a button value: it travels with the message, not in memory."""
    data = {
        "a": action_id,
        "r": request_id,
        "s": proposal.status.value if proposal.status else None,
        "c": proposal.completed_on.isoformat() if proposal.completed_on else None,
        "d": proposal.new_due_date.isoformat() if proposal.new_due_date else None,
        "l": list(proposal.links),
        "n": proposal.note,
    }
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
    )


def prefill_of(data: UpdateInput) -> Prefill:
    """Return the form's prefill for an update being edited."""
    return Prefill(
        status=data.status,
        note=data.note,
        day=data.completed_on or data.new_due_date,
        links=data.links,
    )


def proposal_blocks(view: ActionView, proposal: ProposedUpdate) -> list[Block]:
    """Return the proposal message; Save only when it understood everything."""
    value = encode(view.id, proposal, uuid.uuid4().hex)
    buttons = []
    if not proposal.problems and len(value) <= VALUE_LIMIT:
        buttons.append(button("Save", "proposal_save", value, style="primary"))
    # A note too long for a button goes through the form instead: Edit carries the rest.
    edit_value = (
        value
        if len(value) <= VALUE_LIMIT
        else encode(view.id, replace(proposal, note="", problems=()), "")
    )
    if len(edit_value) > VALUE_LIMIT:  # links too long to carry: the form starts without them
        edit_value = encode(view.id, replace(proposal, note="", links=(), problems=()), "")
    buttons.append(button("Edit", "proposal_edit", edit_value))
    buttons.append(button("Cancel", "proposal_cancel", str(view.id)))
    blocks: list[Block] = [
        section(f"*`{view.full_ref}`* {escape(clip(view.text, 300))}"),
        section(describe(proposal)),
    ]
    if len(value) > VALUE_LIMIT:
        blocks.append(
            context("The note is too long for a quick save: press *Edit* to use the form.")
        )
    blocks.append(context("Nothing is saved until you press *Save*."))
    blocks.append({"type": "actions", "block_id": "proposal", "elements": buttons})
    return blocks
