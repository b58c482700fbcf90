"""Buttons: Update, paging, and the Save / Edit / Cancel of a plain-language proposal."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond

from bot.errors import UserFacingError
from bot.inputs import UpdateInput
from bot.messages.confirm import proposal_saved
from bot.messages.lists import read_page
from bot.messages.proposal import decode, prefill_of, reopen_value
from bot.messages.stale import refused
from bot.messages.update_form import update_modal
from bot.services.writes import ChangedSince
from handlers.actions import assurance, summary
from handlers.clicks import Click, on_click
from handlers.support import (
    after_saving,
    answer_in_place,
    decoded,
    deferred,
    publish_home,
    reports_errors,
    require_message,
    text_of,
)
from handlers.support import list_page as page_for

logger = logging.getLogger(__name__)


def _open_form(click: Click, action_id: int, edited: UpdateInput | None = None) -> None:
    trigger = text_of(click.body, "trigger_id", "a click without a trigger")
    channel = click.body.get("channel")
    # Reading the note again shows the form the same "understood from" lines as the reply.
    start = click.services.actions.start_update(
        click.user, action_id, edited.note if edited else ""
    )
    prefill = prefill_of(edited, start.proposal) if edited else None
    click.client.views_open(
        trigger_id=trigger,
        view=update_modal(
            start.action,
            opener=click.user,
            channel=channel.get("id") if isinstance(channel, dict) else None,
            prefill=prefill,
            seen=start.seen,
        ),
    )


def open_update(click: Click) -> None:
    """Open the update form for the action on the button (permission checked first)."""
    _open_form(click, decoded(int, click.value))


def list_page(click: Click) -> None:
    """Show another page of a list, in place."""
    kind, arg, page = decoded(read_page, click.value)
    text, blocks = page_for(click.services, click.user, kind, arg, page)
    answer_in_place(click.respond, text, blocks)


def proposal_save(click: Click) -> None:
    """Save a proposed update: permission and validity are checked again now."""
    require_message(click.respond)
    action_id, data = decoded(decode, click.value)
    try:
        view = click.services.actions.save_update(click.user, action_id, data, source="command")
    except ChangedSince as stale:
        text, blocks = refused(
            stale.full_ref, stale.changes, reopen_value(action_id, data), data.note
        )
        answer_in_place(click.respond, text, blocks)
        return
    with after_saving(f"Your update to `{view.full_ref}`"):
        answer_in_place(click.respond, proposal_saved(view), None)
        publish_home(click.client, click.services, click.user)


def proposal_edit(click: Click) -> None:
    """Open the form prefilled with the proposal."""
    action_id, data = decoded(decode, click.value)
    _open_form(click, action_id, data)


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
    for action_id, work in (
        ("open_update", open_update),
        ("list_page", list_page),
        ("list_page_previous", list_page),
        ("proposal_save", proposal_save),
        ("proposal_edit", proposal_edit),
    ):
        app.action(action_id)(deferred(on_click(work)))
    app.action("proposal_cancel")(deferred(proposal_cancel))
    summary.register(app)
    assurance.register(app)


def register_fallback(app: App) -> None:
    """Answer unknown buttons (register last: Bolt runs the first listener that matches)."""
    app.action(re.compile(r".+"))(deferred(unknown_action))
