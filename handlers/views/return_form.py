"""The Return form: a required reason, then the completion goes back to its owner."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.messages.assurance import RETURN_CALLBACK, read_return_form, returned_dm, returned_reply
from bot.services import Services
from handlers.support import (
    SERVICES_KEY,
    after_saving,
    deferred,
    publish_home,
    reports_errors,
    user_of,
)

logger = logging.getLogger(__name__)


def check_return(args: Args) -> bool:
    """Answer the Return form's field errors in the ack, a protected name in the reason
    included (the form stays open with what was typed); tell whether to save."""
    try:
        action_id, opener, reason = read_return_form(args.view or {})
    except InvalidInput as invalid:
        args.ack(response_action="errors", errors=invalid.fields)
        return False
    user = user_of(args.body)
    if opener != user:
        args.ack(
            response_action="errors", errors={"reason": "This form was opened by someone else."}
        )
        logger.warning("return form of action %s submitted by %s", action_id, user)
        return False
    services: Services = args.context[SERVICES_KEY]
    found = services.actions.screen(user, action_id, {"reason": reason})
    if found:
        args.ack(response_action="errors", errors=found)
        return False
    return True


@reports_errors
def submit_return(
    body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Return the action with the reason given (the form was checked in the ack)."""
    user = body["user"]["id"]
    action_id, _opener, reason = read_return_form(view)
    done = services.assurance.return_action(user, action_id, reason, source="modal")
    with after_saving(f"The return of `{done.action.full_ref}`"):
        client.chat_postMessage(channel=user, text=returned_reply(done.action, done.told))
        if done.told:
            client.chat_postMessage(channel=done.told, text=returned_dm(done.action, reason, user))
        publish_home(client, services, user)


def register(app: App) -> None:
    """Listen for the Return form."""
    app.view(RETURN_CALLBACK)(deferred(submit_return, check=check_return, busy_field="reason"))
