"""Assurance messages: sign-off buttons and queues, the Return form, slips, owners' DMs."""

from __future__ import annotations

import json
from typing import Any

from bot.errors import InvalidInput
from bot.inputs import NOTE_LIMIT
from bot.language.impact import QUESTION
from bot.messages.common import (
    Block,
    button,
    clip,
    context,
    divider,
    escape,
    human_date,
    plain,
    section,
    state_label,
    status_line,
)
from bot.readmodel.actions import ActionView
from bot.readmodel.detail import AssuranceDetail, Slip
from bot.readmodel.home import ProposalView

RETURN_CALLBACK = "return_form"
SHOWN = 15
DECISION_LABELS = {"agreed": "Agreed", "partly_agreed": "Partly agreed", "not_agreed": "Not agreed"}
SLIP_STATES = {
    "applied": "moved",
    "proposed": "*waiting for a coordinator*",
    "approved": "approved by <@{by}>",
    "declined": "declined by <@{by}>",
    "replaced": "replaced by a later request",
}


def signoff_buttons(view: ActionView) -> list[Block]:
    """Return the buttons a coordinator uses on an action awaiting sign-off."""
    first = (
        button("Ask for impact", "ask_impact", str(view.id))
        if view.impact_missing
        else button("Sign off", "signoff", str(view.id), style="primary")
    )
    return [first, button("Return", "return_open", str(view.id))]


def proposal_buttons(update_id: int) -> list[Block]:
    """Return Approve and Decline for a proposed re-programming."""
    return [
        button("Approve", "reprogram_approve", str(update_id), style="primary"),
        button("Decline", "reprogram_decline", str(update_id)),
    ]


def _awaiting_line(view: ActionView) -> str:
    missing = " · :warning: *impact statement missing*" if view.impact_missing else ""
    owner = f" · owner <@{view.owner_id}>" if view.owner_id else ""
    return (
        f"*`{view.full_ref}`* {escape(clip(view.text, 300))}\n"
        f"completed {human_date(view.completed_on)}{owner}{missing}"
    )


def _with_buttons(line: str, block_id: str, buttons: list[Block]) -> list[Block]:
    """Return a line of text and, under it, its row of buttons."""
    return [section(line), {"type": "actions", "block_id": block_id, "elements": buttons}]


def home_blocks(
    awaiting: tuple[ActionView, ...], proposals: tuple[ProposalView, ...]
) -> list[Block]:
    """Return App Home's coordinator sections: awaiting sign-off, re-programming to decide."""
    blocks: list[Block] = []
    if awaiting:
        blocks += [divider(), section(f"*Awaiting your sign-off* ({len(awaiting)})")]
        for view in awaiting[:SHOWN]:
            blocks += _with_buttons(
                _awaiting_line(view), f"signoff-{view.id}", signoff_buttons(view)
            )
    if proposals:
        blocks += [divider(), section(f"*Re-programming to approve* ({len(proposals)})")]
        for item in proposals[:SHOWN]:
            buttons = proposal_buttons(item.update_id)
            blocks += _with_buttons(proposal_line(item), f"reprogram-{item.update_id}", buttons)
    return blocks


def proposal_line(item: ProposalView) -> str:
    """Return one proposed re-programming as mrkdwn."""
    view = item.action
    return (
        f"*`{view.full_ref}`* {escape(clip(view.text, 200))}\n"
        f"<@{item.proposed_by}> asks to move the target from {human_date(view.due_date)} to "
        f"{human_date(item.new_due_date)} (moved {view.times_reprogrammed} time"
        f"{'s' * (view.times_reprogrammed != 1)} before): “{escape(clip(item.reason, 400))}”"
    )


def _slip_line(slip: Slip) -> str:
    state = SLIP_STATES[slip.state].format(by=slip.decided_by)
    return (
        f"• {human_date(slip.on)} <@{slip.by}>: {human_date(slip.before)} → "
        f"{human_date(slip.after)}, {state} — “{escape(clip(slip.reason, 200))}”"
    )


def detail_blocks(view: ActionView, info: AssuranceDetail | None) -> list[Block]:
    """Return what `/dhr show` adds for assurance: sign-off, impact, slips, the decision."""
    if info is None:
        return []
    blocks: list[Block] = []
    if info.decision:
        rationale = f" — {escape(clip(info.rationale, 600))}" if info.rationale else ""
        blocks.append(
            context(f"Partnership decision: *{DECISION_LABELS[info.decision]}*{rationale}")
        )
    if view.signoff or info.impact:
        blocks.append(section(_signoff_text(view, info)))
    if view.signoff == "awaiting":
        blocks.append({"type": "actions", "block_id": "signoff", "elements": signoff_buttons(view)})
    if info.last_assured_on or view.assurance_overdue:
        last = human_date(info.last_assured_on) if info.last_assured_on else "never"
        late = " — *assurance overdue*" if view.assurance_overdue else ""
        blocks.append(context(f"Last assurance statement: {last}{late} (`/dhr assure REF text`)"))
    if info.slips:
        original = human_date(view.original_due_date) if view.original_due_date else "—"
        lines = "\n".join(_slip_line(s) for s in info.slips[-10:])
        blocks.append(
            section(
                clip(
                    f"*Re-programming* (original target {original}; moved "
                    f"{view.times_reprogrammed} time{'s' * (view.times_reprogrammed != 1)})\n"
                    + lines,
                    3000,
                )
            )
        )
    if info.pending_proposal is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "reprogram",
                "elements": proposal_buttons(info.pending_proposal),
            }
        )
    return blocks


def _signoff_text(view: ActionView, info: AssuranceDetail) -> str:
    lines = [f"*Sign-off*: {state_label(view)}"]
    if view.signoff == "signed_off":
        lines.append(f"Signed off {signed_off_words(view)}")
    if info.completed_by:
        lines.append(f"Completed by <@{info.completed_by}>")
    impact = escape(clip(info.impact, 1500)) if info.impact else "_impact statement missing_"
    lines.append(f"*Impact* ({QUESTION}): {impact}")
    return "\n".join(lines)


def signed_off_words(view: ActionView) -> str:
    """Return "10 Mar 2023 by <@U…>" or "by the plan"."""
    by = "the plan" if view.signed_off_by in (None, "import") else f"<@{view.signed_off_by}>"
    when = f"{human_date(view.signed_off_on)} " if view.signed_off_on else ""
    return f"{when}by {by}"


def return_modal(view: ActionView, *, opener: str) -> dict[str, Any]:
    """Return the small form that asks for a return reason."""
    return {
        "type": "modal",
        "callback_id": RETURN_CALLBACK,
        "title": plain(f"Return {view.ref}", 24),
        "submit": plain("Return", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"a": view.id, "u": opener}, separators=(",", ":")),
        "blocks": [
            section(f"*`{view.full_ref}`* {escape(clip(view.text, 1200))}"),
            context(status_line(view)),
            {
                "type": "input",
                "block_id": "reason",
                "label": plain("Why is it going back?", 2000),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": NOTE_LIMIT,
                },
                "hint": plain("The owner gets this by DM; it goes back to In progress.", 2000),
                "optional": False,
            },
        ],
    }


def read_return_form(view: dict[str, Any]) -> tuple[int, str, str]:
    """Return (action id, opener, reason) from a submitted Return form, or raise InvalidInput."""
    meta = json.loads(view.get("private_metadata") or "{}")
    state = ((view.get("state") or {}).get("values") or {}).get("reason") or {}
    reason = str((state.get("value") or {}).get("value") or "").strip()
    if not reason:
        raise InvalidInput({"reason": "Give a reason: the owner needs to know what to do."})
    if len(reason) > NOTE_LIMIT:
        raise InvalidInput(
            {"reason": f"The reason is {len(reason)} characters; the limit is {NOTE_LIMIT}."}
        )
    return int(meta["a"]), str(meta["u"]), reason


def signed_off_reply(view: ActionView) -> str:
    """Return the confirmation of a sign-off."""
    return f":large_blue_circle: Signed off `{view.full_ref}`."


def _who_was_told(view: ActionView, told: str | None) -> str:
    if told is not None:
        return f"<@{told}> was told."
    if view.owner_id is None:
        return (
            "nobody was told: it has no owner. Assign one with "
            f"`/dhr assign {view.full_ref} @person`."
        )
    return "nobody else was told."


def returned_reply(view: ActionView, told: str | None) -> str:
    """Return the confirmation of a return, saying who was told."""
    return (
        f":leftwards_arrow_with_hook: Returned `{view.full_ref}` to In progress; "
        f"{_who_was_told(view, told)}"
    )


def returned_dm(view: ActionView, reason: str, by: str) -> str:
    """Return the DM telling an owner their completion was returned."""
    return (
        f":leftwards_arrow_with_hook: <@{by}> returned `{view.full_ref}` to In progress "
        f"instead of signing it off: “{escape(clip(reason, 2500))}”. Update it with "
        f"`/dhr update {view.full_ref}` when it is done."
    )


def signed_off_dm(view: ActionView, by: str) -> str:
    """Return the DM telling an owner their completion was signed off."""
    return f":large_blue_circle: <@{by}> signed off `{view.full_ref}`. Thank you."


def impact_request_blocks(view: ActionView, by: str) -> tuple[str, list[Block]]:
    """Return the DM asking an owner for the impact statement, with an Update button."""
    text = (
        f"<@{by}> asks for the impact statement of `{view.full_ref}` before signing it off: "
        f"{QUESTION}"
    )
    return text, [
        section(
            f"{text}\nPress Update (status Complete) and fill in *Impact*, or type "
            f"`/dhr update {view.full_ref} impact: …`.",
            button("Update", "open_update", str(view.id), style="primary"),
        )
    ]


def reprogram_reply(view: ActionView, approved: bool, told: str | None) -> str:
    """Return the confirmation of a re-programming decision, saying who was told."""
    word = "Approved" if approved else "Declined"
    return f"{word} the new target for `{view.full_ref}`; {_who_was_told(view, told)}"


def reprogram_dm(view: ActionView, approved: bool, by: str, proposed: str) -> str:
    """Return the DM telling an owner what became of their re-programming."""
    if approved:
        return f":calendar: <@{by}> approved moving `{view.full_ref}` to {proposed}."
    return (
        f":calendar: <@{by}> declined moving `{view.full_ref}` to {proposed}; the target "
        f"stays {human_date(view.due_date)}."
    )


def decision_label(decision: str | None) -> str:
    """Return the words for a stored decision ("" when none)."""
    return DECISION_LABELS.get(decision or "", "")
