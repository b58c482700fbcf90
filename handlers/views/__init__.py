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
from bot.services.inputs import check_update
from handlers.support import after_saving, publish_home, read_as, reports_errors, user_id_of
from handlers.views import evidence_form

logger = logging.getLogger(__name__)


@reports_errors
def submit_update(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Save the update form, or answer with errors on the fields."""
    user = user_id_of(body)
    action_id, opener, _channel = read_as(read_metadata, view, "a form")
    if user != opener:
        ack(
            response_action="errors",
            errors={"note": "This form was opened by someone else; open your own."},
        )
        logger.warning(
            "update form of action %s submitted by %s, opened by %s", action_id, user, opener
        )
        return
    values: dict[str, Any] = read_as(lambda v: dict(v["state"]["values"]), view, "a form")
    typed = bool(((values.get("when") or {}).get("value") or {}).get("value"))
    today = services.context.today()
    try:
        data = read_as(lambda v: read_update_form(v, today=today), values, "a form")
        errors = check_update(data, today=today)
    except InvalidInput as invalid:
        errors = invalid.fields
    if not errors:
        texts: dict[str, str | None] = {"note": data.note, "links": "\n".join(data.links)}
        errors = services.actions.screen(user, action_id, texts)
    if errors:
        ack(response_action="errors", errors=field_errors(errors, typed_date=typed))
        return
    ack()
    saved = services.actions.save_update(user, action_id, data, source="modal")
    with after_saving(f"Your update to `{saved.full_ref}`"):
        client.chat_postMessage(channel=user, text=form_saved(saved))
        publish_home(client, services, user)


def register(app: App) -> None:
    """Listen for form submissions."""
    app.view("update_form")(submit_update)
    evidence_form.register(app)
