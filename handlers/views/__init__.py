"""Form submissions: validate the state without the database, ack, then write."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.messages.common import day
from bot.messages.update_form import field_errors, read_metadata, read_update_form
from bot.services.inputs import check_update
from bot.services.service import Tracker
from handlers.events import publish_home
from handlers.support import after_saving, reports_errors
from handlers.views import evidence_form

logger = logging.getLogger(__name__)


@reports_errors
def submit_update(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, tracker: Tracker
) -> None:
    """Save the update form, or answer with errors on the fields."""
    user = body["user"]["id"]
    action_id, opener, _channel = read_metadata(view)
    if user != opener:
        ack(
            response_action="errors",
            errors={"note": "This form was opened by someone else; open your own."},
        )
        logger.warning(
            "update form of action %s submitted by %s, opened by %s", action_id, user, opener
        )
        return
    values = view["state"]["values"]
    typed = bool(((values.get("when") or {}).get("value") or {}).get("value"))
    today = tracker.today()
    try:
        data = read_update_form(values, today=today)
        errors = check_update(data, today=today)
    except InvalidInput as invalid:
        errors = invalid.fields
    if errors:
        ack(response_action="errors", errors=field_errors(errors, typed_date=typed))
        return
    ack()
    saved = tracker.save_update(user, action_id, data, source="modal")
    when = (
        f", completed {day(saved.completed_on)}"
        if saved.completed_on
        else (f", due {day(saved.due_date)}" if saved.due_date else "")
    )
    with after_saving(f"Your update to `{saved.full_ref}`"):
        client.chat_postMessage(
            channel=user,
            text=f":white_check_mark: Saved your update to "
            f"`{saved.full_ref}`: {saved.status.label}{when}.",
        )
        publish_home(client, tracker, user)


def register(app: App) -> None:
    """Listen for form submissions."""
    app.view("update_form")(submit_update)
    evidence_form.register(app)
