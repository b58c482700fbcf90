"""Form submissions: validate without the database and ack in the request thread, then write."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.messages.confirm import form_saved
from bot.messages.update_form import field_errors, read_metadata, read_update_form
from bot.services import Services
from bot.services.inputs import check_update as check_update_input
from handlers.support import SERVICES_KEY, after_saving, deferred, publish_home, reports_errors
from handlers.views import evidence_form

logger = logging.getLogger(__name__)


def check_update(args: Args) -> bool:
    """Validate the update form without the database; ack with field errors if it is wrong."""
    body, view, services = args.body, args.view or {}, args.context[SERVICES_KEY]
    user = body["user"]["id"]
    action_id, opener, _channel = read_metadata(view)
    if user != opener:
        args.ack(
            response_action="errors",
            errors={"note": "This form was opened by someone else; open your own."},
        )
        logger.warning(
            "update form of action %s submitted by %s, opened by %s", action_id, user, opener
        )
        return False
    values = view["state"]["values"]
    typed = bool(((values.get("when") or {}).get("value") or {}).get("value"))
    today = services.context.today()
    try:
        data = read_update_form(values, today=today)
        errors = check_update_input(data, today=today)
    except InvalidInput as invalid:
        errors = invalid.fields
    if errors:
        args.ack(response_action="errors", errors=field_errors(errors, typed_date=typed))
        return False
    return True


@reports_errors
def submit_update(
    body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Save the update form `check_update` accepted (permission is checked now)."""
    user = body["user"]["id"]
    action_id, _opener, _channel = read_metadata(view)
    data = read_update_form(view["state"]["values"], today=services.context.today())
    saved = services.actions.save_update(user, action_id, data, source="modal")
    with after_saving(f"Your update to `{saved.full_ref}`"):
        client.chat_postMessage(channel=user, text=form_saved(saved))
        publish_home(client, services, user)


def register(app: App) -> None:
    """Listen for form submissions."""
    app.view("update_form")(deferred(submit_update, check=check_update, busy_field="note"))
    evidence_form.register(app)
