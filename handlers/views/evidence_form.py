"""The evidence form's action picker and its submission."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import UserFacingError
from bot.messages.evidence_form import action_options, read_evidence_form
from bot.services import Services
from bot.services.inputs import DESCRIPTION_LIMIT
from bot.services.writes import EvidenceInput
from handlers.support import after_saving, read_as, reports_errors, user_id_of, user_of


def evidence_action_options(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """Offer the caller's actions that match what they typed (answered within the request)."""
    user, typed = user_of(body), body.get("value")
    if user is None or not isinstance(typed, str):
        ack(options=[])
        return
    try:
        views = services.actions.evidence_choices(user, typed[:200])
    except UserFacingError:  # a stranger: offer nothing, the submit explains
        ack(options=[])
        return
    except Exception:  # a database fault: offer nothing, and let it be logged
        ack(options=[])
        raise
    ack(options=action_options(views))


@reports_errors
def submit_evidence(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Store the message's permalink and excerpt as evidence on the chosen action."""
    user = user_id_of(body)
    action_id, description, meta = read_as(read_evidence_form, view, "a form")
    if meta.get("u") != user:
        ack(
            response_action="errors",
            errors={"action": "This form was opened by someone else; open your own."},
        )
        return
    if action_id is None:
        ack(response_action="errors", errors={"action": "Choose an action."})
        return
    if len(description) > DESCRIPTION_LIMIT:
        ack(
            response_action="errors",
            errors={"description": f"At most {DESCRIPTION_LIMIT} characters."},
        )
        return
    found = services.actions.screen(
        user, action_id, {"description": description, "excerpt": str(meta.get("x") or "")}
    )
    if found:
        message = found.get("description") or "The message: " + found["excerpt"]
        ack(response_action="errors", errors={"description": message})
        return
    if not meta.get("ch") or not meta.get("ts"):
        ack(response_action="errors", errors={"action": "This form is damaged; open it again."})
        return
    ack()
    permalink = client.chat_getPermalink(channel=meta["ch"], message_ts=meta["ts"])["permalink"]
    saved = services.actions.add_evidence(
        user,
        action_id,
        EvidenceInput(
            kind="message", url=permalink, excerpt=meta.get("x") or "", description=description
        ),
    )
    with after_saving(f"The message, as evidence on `{saved.full_ref}`,"):
        client.chat_postMessage(
            channel=user, text=f":paperclip: The message is now evidence on `{saved.full_ref}`."
        )


def register(app: App) -> None:
    """Listen for the picker and the submission."""
    app.options("evidence_action")(evidence_action_options)
    app.view("evidence_form")(submit_evidence)
