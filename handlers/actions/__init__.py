"""Buttons: Update, paging, and the Save / Edit / Cancel of a plain-language proposal."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.errors import UserFacingError
from bot.inputs import UpdateInput
from bot.messages.confirm import proposal_saved
from bot.messages.lists import read_page
from bot.messages.proposal import decode, prefill_of, reopen_value
from bot.messages.stale import refused
from bot.messages.update_form import update_modal
from bot.services import Services
from bot.services.writes import ChangedSince
from handlers.actions import assurance, summary
from handlers.support import (
    Malformed,
    after_saving,
    answer_in_place,
    decoded,
    deferred,
    publish_home,
    reports_errors,
    text_of,
    user_id_of,
)
from handlers.support import list_page as page_for

logger = logging.getLogger(__name__)


def _open_form(
    client: WebClient,
    services: Services,
    body: dict[str, Any],
    action_id: int,
    edited: UpdateInput | None = None,
) -> None:
    user = user_id_of(body)
    trigger = text_of(body, "trigger_id", "a click without a trigger")
    channel = body.get("channel")
    # Reading the note again shows the form the same "understood from" lines as the reply.
    start = services.actions.start_update(user, action_id, edited.note if edited else "")
    prefill = prefill_of(edited, start.proposal) if edited else None
    client.views_open(
        trigger_id=trigger,
        view=update_modal(
            start.action,
            opener=user,
            channel=channel.get("id") if isinstance(channel, dict) else None,
            prefill=prefill,
            seen=start.seen,
        ),
    )


@reports_errors
def open_update(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Open the update form for the action on the button (permission checked first)."""
    _open_form(client, services, body, decoded(int, text_of(action, "value", "a button")))


@reports_errors
def list_page(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    """Show another page of a list, in place."""
    kind, arg, page = decoded(read_page, text_of(action, "value", "a button"))
    text, blocks = page_for(services, user_id_of(body), kind, arg, page)
    answer_in_place(respond, text, blocks)


@reports_errors
def proposal_save(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    """Save a proposed update: permission and validity are checked again now."""
    user = user_id_of(body)
    if not respond.response_url:
        raise Malformed("a click without its message")
    action_id, data = decoded(decode, text_of(action, "value", "a button"))
    try:
        view = services.actions.save_update(user, action_id, data, source="command")
    except ChangedSince as stale:
        text, blocks = refused(
            stale.full_ref, stale.changes, reopen_value(action_id, data), data.note
        )
        respond(text=text, blocks=blocks, replace_original=True, response_type="ephemeral")
        return
    with after_saving(f"Your update to `{view.full_ref}`"):
        respond(text=proposal_saved(view), replace_original=True, response_type="ephemeral")
        publish_home(client, services, user)


@reports_errors
def proposal_edit(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Open the form prefilled with the proposal."""
    action_id, data = decoded(decode, text_of(action, "value", "a button"))
    _open_form(client, services, body, action_id, data)


@reports_errors
def proposal_cancel(respond: Respond) -> None:
    """Drop the proposal; nothing was stored."""
    answer_in_place(respond, "Cancelled — nothing was saved.", None)


@reports_errors
def unknown_action(action: dict[str, Any]) -> None:
    """Answer a button this version no longer knows (an old message): say so, don't 404."""
    logger.warning("unknown action id %s", str(action.get("action_id"))[:60])
    raise UserFacingError(
        "That button belongs to an older version of the tracker and does nothing now. "
        "Run the command again for fresh buttons."
    )


def register(app: App) -> None:
    """Listen for the buttons."""
    app.action("open_update")(deferred(open_update))
    app.action("list_page")(deferred(list_page))
    app.action("list_page_previous")(deferred(list_page))
    app.action("proposal_save")(deferred(proposal_save))
    app.action("proposal_edit")(deferred(proposal_edit))
    app.action("proposal_cancel")(deferred(proposal_cancel))
    summary.register(app)
    assurance.register(app)


def register_fallback(app: App) -> None:
    """Answer unknown buttons (register last: Bolt runs the first listener that matches)."""
    app.action(re.compile(r".+"))(deferred(unknown_action))
