"""Form submissions: validate the state without the database, ack, then write."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.messages.confirm import form_saved
from bot.messages.update_form import field_errors, read_metadata, read_update_form
from bot.services import Services
from bot.services.inputs import UpdateInput, check_update
from handlers.copies import keep_copies
from handlers.support import after_saving, publish_home, reports_errors
from handlers.views import evidence_form

logger = logging.getLogger(__name__)


def _read(
    body: dict[str, Any], view: dict[str, Any], services: Services
) -> tuple[dict[str, str], UpdateInput | None, bool]:
    """Validate the form without the database: (field errors, the update, date typed)."""
    user = body["user"]["id"]
    _action_id, opener, _channel = read_metadata(view)
    if user != opener:
        return {"note": "This form was opened by someone else; open your own."}, None, False
    values = view["state"]["values"]
    typed = bool(((values.get("when") or {}).get("value") or {}).get("value"))
    today = services.context.today()
    try:
        data = read_update_form(values, today=today)
        errors = check_update(data, today=today)
    except InvalidInput as invalid:
        return invalid.fields, None, typed
    return errors, (None if errors else data), typed


@reports_errors
def ack_update(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    """Answer the form at once: field errors, or a plain ack (the save follows, lazily)."""
    errors, _data, typed = _read(body, view, services)
    if errors:
        if "opened by someone else" in errors.get("note", ""):
            action_id, opener, _channel = read_metadata(view)
            logger.warning(
                "update form of action %s submitted by %s, opened by %s",
                action_id,
                body["user"]["id"],
                opener,
            )
        ack(response_action="errors", errors=field_errors(errors, typed_date=typed))
        return
    ack()


@reports_errors
def submit_update(
    body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Save the acked form, confirm it, then copy its files to the evidence store."""
    _errors, data, _typed = _read(body, view, services)
    if data is None:
        return  # answered with field errors by ack_update
    user = body["user"]["id"]
    action_id, _opener, _channel = read_metadata(view)
    saved = services.actions.save_update(user, action_id, data, source="modal")
    with after_saving(f"Your update to `{saved.full_ref}`"):
        client.chat_postMessage(channel=user, text=form_saved(saved))
        publish_home(client, services, user)
    keep_copies(services, client, saved.id, tuple(f.id for f in data.files))


def register(app: App) -> None:
    """Listen for form submissions."""
    app.view("update_form")(ack=ack_update, lazy=[submit_update])
    evidence_form.register(app)
