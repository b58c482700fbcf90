"""Updates to an action: appending one after checking permission, version and repeats.

Evidence is stored in bot.services.evidence_writes, owner and delivering agency in
bot.services.assignment_writes.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.assurance_state import follow
from bot.errors import UserFacingError
from bot.inputs import UpdateInput, validate_update
from bot.permissions import Actor, Operation
from bot.readmodel.updates import Change, change_of
from bot.roles import authorize
from bot.safety.text import clean_text
from bot.services.access import names_for, refuse_sensitive
from bot.services.assurance_writes import plan_reprogramming
from bot.services.evidence_writes import EvidenceInput, store_evidence
from bot.status import Status
from storage.models import Action, Update
from storage.repositories import updates

logger = logging.getLogger(__name__)

UTC_ZONE = ZoneInfo("UTC")


def apply_update(
    action: Action,
    data: UpdateInput,
    *,
    actor: Actor,
    source: str,
    now: datetime,
    today: date,
    session: Session,
    tz: ZoneInfo = UTC_ZONE,
) -> Update:
    """Append an update and move the action's current state, after checking permission.

    The caller holds the action's row lock (Database.uow(write=True) and lock_action), so
    the version check and `status_before` read the state this update follows.
    """
    authorize(actor, Operation.UPDATE, action)
    if data.request_id and updates.by_request(data.request_id, session=session) is not None:
        raise AlreadySaved()
    if data.seen is not None:
        refuse_if_changed(action, data.seen, actor=actor, tz=tz, session=session)
    data = against(action, data)
    validate_update(data, today=today, current=Status(action.status))
    refuse_sensitive(
        [
            ("note", data.note),
            ("impact", data.impact),
            *(("links", link) for link in data.links),
            *(("files", file.name) for file in data.files),
        ],
        names_for(action.review_id, session=session),
    )
    data, kind, proposed = plan_reprogramming(action, data)
    before = action.status
    status = data.status or Status(action.status)
    update = Update(
        action_id=action.id,
        user_id=actor.user_id,
        created_at=now,
        source=source,
        status_before=before,
        status_after=status.value,
        note=clean_text(data.note).strip(),
        due_date_before=action.due_date,
        new_due_date=data.new_due_date,
        completed_on=data.completed_on if status is Status.COMPLETE else None,
        request_id=data.request_id,
        kind=kind,
        proposed_due_date=proposed,
        impact=data.impact.strip() or None,
    )
    session.add(update)
    follow(action, update, today)
    action.status = status.value
    action.completed_on = data.completed_on if status is Status.COMPLETE else None
    if data.new_due_date is not None:
        action.due_date = data.new_due_date
        action.target_flag = None
    session.flush()
    for link in data.links:
        store_evidence(
            action,
            EvidenceInput(kind="link", url=link),
            actor=actor,
            now=now,
            session=session,
            update_id=update.id,
        )
    for file in data.files:
        store_evidence(
            action,
            EvidenceInput(kind="file", url=file.permalink, file_id=file.id, file_name=file.name),
            actor=actor,
            now=now,
            session=session,
            update_id=update.id,
        )
    logger.info(
        "update %s saved on action %s by %s (%s→%s, source %s)",
        update.id,
        action.id,
        actor.user_id,
        before,
        status.value,
        source,
    )
    return update


class ChangedSince(UserFacingError):
    """The action changed after the person saw it: nothing was stored."""

    def __init__(self, action_id: int, full_ref: str, changes: tuple[Change, ...]) -> None:
        self.action_id = action_id
        self.full_ref = full_ref
        self.changes = changes
        super().__init__(
            "This action was changed by someone else since you opened it, so nothing was "
            "saved. Open it again to see the change, then save your update."
        )


def refuse_if_changed(
    action: Action, seen: int, *, actor: Actor, tz: ZoneInfo, session: Session
) -> None:
    """Raise ChangedSince if the action has updates newer than the version `seen`."""
    newer = updates.after(action.id, seen, session=session)
    if newer:
        logger.info(
            "update of action %s by %s refused: saw version %s, now %s",
            action.id,
            actor.user_id,
            seen,
            newer[-1].id,
        )
        full_ref = f"{action.review.slug}:{action.ref}"
        raise ChangedSince(action.id, full_ref, tuple(change_of(u, tz) for u in newer))


class AlreadySaved(UserFacingError):
    """The same Save was pressed again: the update is stored once."""

    def __init__(self) -> None:
        super().__init__("That update was already saved (nothing was stored twice).")


def against(action: Action, data: UpdateInput) -> UpdateInput:
    """Read an update against the action's state: no status keeps the current one, and a
    note on a complete action keeps its completion date."""
    current = Status(action.status)
    status = data.status or current
    completed_on = data.completed_on
    if status is Status.COMPLETE and current is Status.COMPLETE and completed_on is None:
        completed_on = action.completed_on
    return replace(data, status=status, completed_on=completed_on)
