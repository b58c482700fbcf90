"""Form submissions: validate the state, screen it and check it is not stale in the request
thread, ack, then write on the bounded pool (`handlers.support.deferred`)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt import App, Args
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.inputs import UpdateInput, check_update
from bot.messages.confirm import form_saved
from bot.messages.proposal import reopen_value
from bot.messages.stale import changed_since, refused
from bot.messages.update_form import (
    Prefill,
    field_errors,
    form_due_date,
    form_key,
    only_changes,
    read_metadata,
    read_shown,
    read_update_form,
    update_modal,
)
from bot.readmodel.updates import Recheck
from bot.services import Services
from bot.services.assurance_writes import reprogramming_errors
from bot.services.writes import AlreadySaved, ChangedSince
from handlers.copies import keep_copies
from handlers.support import (
    SERVICES_KEY,
    after_saving,
    deferred,
    publish_home,
    read_as,
    reports_errors,
    user_id_of,
)
from handlers.views import evidence_form, return_form

logger = logging.getLogger(__name__)

NOT_YOURS = "This form was opened by someone else; open your own."


def _read(
    body: dict[str, Any], view: dict[str, Any], services: Services
) -> tuple[dict[str, str], UpdateInput | None, bool]:
    """Validate the form without the database: (field errors, the update, date typed).

    The update keeps only what the person changed and carries its submission key, so the
    ack and the deferred save read the same thing."""
    _action_id, opener, _channel = read_as(read_metadata, view, "a form")
    if user_id_of(body) != opener:
        return {"note": NOT_YOURS}, None, False
    values: dict[str, Any] = read_as(lambda v: dict(v["state"]["values"]), view, "a form")
    typed = bool(((values.get("when") or {}).get("value") or {}).get("value"))
    today = services.context.today()
    try:
        data = read_as(lambda v: read_update_form(v, today=today), values, "a form")
        errors = check_update(data, today=today) or reprogramming_errors(form_due_date(view), data)
    except InvalidInput as invalid:
        return invalid.fields, None, typed
    if errors:
        return errors, None, typed
    return {}, replace(only_changes(data, read_shown(view)), request_id=form_key(view)), typed


def _reopened(
    services: Services, user: str, view: dict[str, Any], data: UpdateInput, check: Recheck
) -> dict[str, Any]:
    _action_id, _opener, channel = read_metadata(view)
    current = check.current.action
    return update_modal(
        current,
        opener=user,
        channel=channel,
        prefill=Prefill(
            status=current.status,
            note=data.note,
            day=current.completed_on,
            links=data.links,
            impact=data.impact,
        ),
        seen=check.current.seen,
        notice=changed_since(current.full_ref, check.changes),
    )


def check_update_form(args: Args) -> bool:
    """Answer the form now: field errors, the form reopened if the action moved on, or go on.

    Runs in the request thread because only the ack can keep the form open; True means
    "ack and save" (`deferred` acks, or answers busy on the note when the pool is full).
    """
    ack, body, view = args.ack, args.body, args.view or {}
    services: Services = args.context[SERVICES_KEY]
    user = user_id_of(body)
    errors, data, typed = _read(body, view, services)
    if data is not None:
        # Names and identifiers are refused on the field, before the form closes.
        texts: dict[str, str | None] = {
            "note": data.note,
            "impact": data.impact,
            "links": "\n".join(data.links),
            "files": "\n".join(file.name for file in data.files),
        }
        errors = services.actions.screen(user, read_metadata(view)[0], texts)
        data = None if errors else data
    if data is None:
        if errors.get("note") == NOT_YOURS:
            action_id, opener, _channel = read_metadata(view)
            logger.warning(
                "update form of action %s submitted by %s, opened by %s", action_id, user, opener
            )
        ack(response_action="errors", errors=field_errors(errors, typed_date=typed))
        return False
    action_id, _opener, _channel = read_metadata(view)
    check = services.actions.recheck(user, action_id, seen=data.seen, request_id=data.request_id)
    if check.already_saved:
        ack()
        raise AlreadySaved()
    if check.changes:
        # Reopened on the current state, their note kept, saying who changed what and when.
        ack(response_action="update", view=_reopened(services, user, view, data, check))
        return False
    return True


@reports_errors
def submit_update(
    body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Save the acked form, confirm it, then copy its files to the evidence store."""
    _errors, data, _typed = _read(body, view, services)
    if data is None:
        return  # answered with field errors by check_update_form
    user = user_id_of(body)
    action_id, _opener, _channel = read_metadata(view)
    try:
        saved = services.actions.save_update(user, action_id, data, source="modal")
    except ChangedSince as stale:  # changed after the ack's check, before the row lock
        text, blocks = refused(
            stale.full_ref, stale.changes, reopen_value(stale.action_id, data), data.note
        )
        client.chat_postMessage(channel=user, text=text, blocks=blocks)
        return
    with after_saving(f"Your update to `{saved.full_ref}`"):
        client.chat_postMessage(channel=user, text=form_saved(saved))
        publish_home(client, services, user)
    keep_copies(services, client, saved.id, tuple(f.id for f in data.files))


def register(app: App) -> None:
    """Listen for form submissions."""
    app.view("update_form")(deferred(submit_update, check=check_update_form, busy_field="note"))
    evidence_form.register(app)
    return_form.register(app)
