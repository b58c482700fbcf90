"""Small Block Kit pieces shared by every builder."""

from __future__ import annotations

from bot.messages.kit import (  # noqa: F401 - the builders' shared vocabulary
    BUTTON_TEXT_LIMIT,
    SECTION_LIMIT,
    Block,
    button,
    clip,
    context,
    divider,
    escape,
    header,
    human_date,
    mrkdwn,
    plain,
    section,
)
from bot.readmodel.actions import ActionView
from bot.status import RAG_EMOJI


def state_label(view: ActionView) -> str:
    """Return the status label with the sign-off state and assurance of an action."""
    if view.signoff == "awaiting":
        label = "Complete — awaiting sign-off"
        return label + (" (impact statement missing)" if view.impact_missing else "")
    if view.signoff == "signed_off":
        return "Signed off"
    return view.status.label + (" · *assurance overdue*" if view.assurance_overdue else "")


def status_line(view: ActionView) -> str:
    """Return the RAG dot, status label and due date of an action."""
    label = state_label(view) + (" · *overdue*" if view.overdue else "")
    if view.completed_on:
        when = f"completed {human_date(view.completed_on)}"
    elif view.due_date:
        when = f"due {human_date(view.due_date)}"
    elif view.target_flag:
        when = f"target “{escape(view.target_text)}” needs a coordinator"
    else:
        when = f"target “{escape(view.target_text)}”" if view.target_text else "no target"
    return f"{RAG_EMOJI[view.rag]} {label} · {when}"


def action_line(view: ActionView) -> str:
    """Return an action's ref, text and state as mrkdwn for lists."""
    owner = f" · owner <@{view.owner_id}>" if view.owner_id else ""
    text = clip(escape(view.text), 400)
    agency = (
        f"{escape(view.delivering)} (lead agency {escape(view.agency)})"
        if view.delivered_elsewhere
        else escape(view.agency)
    )
    return f"*`{view.full_ref}`* {text}\n{status_line(view)} · {agency}{owner}"
