"""The evidence form's action picker and its submission."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.messages.evidence_form import action_options, message_files, read_evidence_form
from bot.services import Services
from bot.services.inputs import DESCRIPTION_LIMIT, FileRef
from bot.services.writes import EvidenceInput
from handlers.copies import keep_copies
from handlers.support import after_saving, reports_errors


def evidence_action_options(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """Offer the caller's actions that match what they typed (answered within the request)."""
    try:
        views = services.actions.evidence_choices(body["user"]["id"], body.get("value", ""))
    except Exception:  # a stranger or a database fault: offer nothing, the submit explains
        ack(options=[])
        raise
    ack(options=action_options(views))


def _problem(body: dict[str, Any], view: dict[str, Any]) -> dict[str, str] | None:
    user = body["user"]["id"]
    action_id, description, meta = read_evidence_form(view)
    if meta.get("u") != user:
        return {"action": "This form was opened by someone else; open your own."}
    if action_id is None:
        return {"action": "Choose an action."}
    if len(description) > DESCRIPTION_LIMIT:
        return {"description": f"At most {DESCRIPTION_LIMIT} characters."}
    return None


@reports_errors
def ack_evidence(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
    """Answer the form at once: field errors, or a plain ack (the save follows, lazily)."""
    problem = _problem(body, view)
    if problem:
        ack(response_action="errors", errors=problem)
        return
    ack()


@reports_errors
def submit_evidence(
    body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Store the message's permalink, excerpt and files as evidence on the chosen action."""
    if _problem(body, view):
        return  # answered with field errors by ack_evidence
    user = body["user"]["id"]
    action_id, description, meta = read_evidence_form(view)
    assert action_id is not None
    permalink = client.chat_getPermalink(channel=meta["ch"], message_ts=meta["ts"])["permalink"]
    files = message_files(meta)
    saved = services.actions.add_evidence(
        user,
        action_id,
        EvidenceInput(
            kind="message", url=permalink, excerpt=meta.get("x") or "", description=description
        ),
        files=tuple(FileRef(id=file_id, name=name) for file_id, name in files),
    )
    with after_saving(f"The message, as evidence on `{saved.full_ref}`,"):
        client.chat_postMessage(
            channel=user, text=f":paperclip: The message is now evidence on `{saved.full_ref}`."
        )
    keep_copies(services, client, saved.id, tuple(file_id for file_id, _ in files))


def register(app: App) -> None:
    """Listen for the picker and the submission."""
    app.options("evidence_action")(evidence_action_options)
    app.view("evidence_form")(ack=ack_evidence, lazy=[submit_evidence])
