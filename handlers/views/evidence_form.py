"""The evidence form's action picker and its submission."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Args
from slack_sdk import WebClient

from bot.errors import UserFacingError
from bot.inputs import DESCRIPTION_LIMIT, FileRef
from bot.messages.evidence_form import action_options, message_files, read_evidence_form
from bot.services import Services
from bot.services.evidence_writes import EvidenceInput
from handlers.copies import keep_copies
from handlers.support import (
    SERVICES_KEY,
    after_saving,
    deferred,
    read_as,
    reports_errors,
    user_id_of,
    user_of,
)


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


def _problem(body: dict[str, Any], view: dict[str, Any]) -> dict[str, str] | None:
    """Return field errors found without the database, or None."""
    user = user_id_of(body)
    action_id, description, meta = read_as(read_evidence_form, view, "a form")
    if meta.get("u") != user:
        return {"action": "This form was opened by someone else; open your own."}
    if action_id is None:
        return {"action": "Choose an action."}
    if len(description) > DESCRIPTION_LIMIT:
        return {"description": f"At most {DESCRIPTION_LIMIT} characters."}
    if not meta.get("ch") or not meta.get("ts"):
        return {"action": "This form is damaged; open it again."}
    return None


def check_evidence(args: Args) -> bool:
    """Answer the form now with field errors (names and identifiers too), or go on to save."""
    ack, body, view = args.ack, args.body, args.view or {}
    services: Services = args.context[SERVICES_KEY]
    problem = _problem(body, view)
    if problem:
        ack(response_action="errors", errors=problem)
        return False
    action_id, description, meta = read_evidence_form(view)
    assert action_id is not None
    found = services.actions.screen(
        user_id_of(body),
        action_id,
        {
            "description": description,
            "excerpt": str(meta.get("x") or ""),
            "files": "\n".join(name for _id, name in message_files(meta)),
        },
    )
    if found:
        message = (
            found.get("description")
            or ("The message: " + found["excerpt"] if "excerpt" in found else "")
            or "A file of the message: " + found["files"]
        )
        ack(response_action="errors", errors={"description": message})
        return False
    return True


@reports_errors
def submit_evidence(
    body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Store the message's permalink, excerpt and files as evidence on the chosen action."""
    if _problem(body, view):
        return  # answered with field errors by check_evidence
    user = user_id_of(body)
    action_id, description, meta = read_evidence_form(view)
    assert action_id is not None
    permalink = client.chat_getPermalink(channel=meta["ch"], message_ts=meta["ts"])["permalink"]
    files = message_files(meta)
    saved = services.actions.add_evidence(
        user,
        action_id,
        EvidenceInput(
            kind="message",
            url=permalink,
            excerpt=str(meta.get("x") or ""),
            description=description,
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
    app.view("evidence_form")(
        deferred(submit_evidence, check=check_evidence, busy_field="description")
    )
