"""`/dhr show`, `update`, `evidence`, `assign`: one action at a time."""

from __future__ import annotations

from bot.errors import UserFacingError
from bot.language import leading_link
from bot.messages.confirm import assigned, delivering_set
from bot.messages.detail import action_detail
from bot.messages.proposal import proposal_blocks
from bot.messages.update_form import update_modal
from bot.services.evidence_writes import EvidenceInput
from handlers.commands.request import CommandRequest, parse_user


def _ref(req: CommandRequest, usage: str) -> str:
    if not req.words:
        raise UserFacingError(f"Which action? Usage: `{usage}`.")
    return req.words[0]


def show(req: CommandRequest) -> None:
    """Show one action in full."""
    detail = req.services.actions.show(req.user_id, _ref(req, "/dhr show 1.2"))
    req.reply(f"{detail.action.full_ref}: {detail.action.status.label}", action_detail(detail))


def update(req: CommandRequest) -> None:
    """Open the update form, or propose an update read from plain language."""
    ref = _ref(req, "/dhr update 1.2 [what happened]")
    text = req.rest[len(req.words[0]) :].strip()
    start = req.services.actions.start_update(req.user_id, ref, text)
    view = start.action
    if start.proposal is None:
        if not req.trigger_id:
            raise UserFacingError("Slack sent no trigger to open the form; try again.")
        req.client.views_open(
            trigger_id=req.trigger_id,
            view=update_modal(view, opener=req.user_id, channel=req.channel_id, seen=start.seen),
        )
        return
    req.reply(
        f"Proposed update to {view.full_ref} — nothing saved yet.",
        proposal_blocks(view, start.proposal, start.seen, start.impact),
    )


def evidence(req: CommandRequest) -> None:
    """Attach a link, or a description of where the evidence is kept."""
    ref = _ref(req, "/dhr evidence 1.2 https://…")
    text = req.rest[len(req.words[0]) :].strip()
    if not text:
        raise UserFacingError(
            "Give a link or say what the evidence is: `/dhr evidence 1.2 https://…`."
        )
    if found := leading_link(text):
        data = EvidenceInput(kind="link", url=found[0], description=found[1])
    else:
        data = EvidenceInput(kind="note", description=text)
    view = req.services.actions.add_evidence(req.user_id, ref, data)
    req.reply(f":paperclip: Evidence added to `{view.full_ref}`.")


def assign(req: CommandRequest) -> None:
    """Make someone the owner of an action, or an agency (by code) the one delivering it."""
    if len(req.words) != 2:
        raise UserFacingError("Usage: `/dhr assign 1.2 @person` or `/dhr assign 1.2 AGENCY`.")
    target = req.words[1]
    if not target.startswith(("<@", "@")):  # a mention is a person; a bare word an agency code
        req.reply(
            delivering_set(req.services.actions.set_delivering(req.user_id, req.words[0], target))
        )
        return
    owner = parse_user(target)
    view = req.services.actions.assign(req.user_id, req.words[0], owner)
    req.reply(assigned(owner, view))
