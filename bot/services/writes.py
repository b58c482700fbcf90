"""Writes to an action: updates, evidence and assignment, each checking permission first."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.errors import InvalidInput, UserFacingError
from bot.permissions import Actor, Operation
from bot.roles import authorize
from bot.services.access import names_for, refuse_sensitive
from bot.services.inputs import DESCRIPTION_LIMIT, UpdateInput, link_problem, validate_update
from bot.status import Status
from storage.models import Action, Evidence, Update
from storage.repositories import people, updates

logger = logging.getLogger(__name__)

EXCERPT_LIMIT = 1000


@dataclass(frozen=True)
class EvidenceInput:
    """One piece of evidence: a link, a Slack file, a Slack message, or a described record."""

    kind: str  # "link", "file", "message" or "note"
    description: str = ""
    url: str | None = None
    file_id: str | None = None
    file_name: str | None = None
    excerpt: str | None = None


def apply_update(
    action: Action,
    data: UpdateInput,
    *,
    actor: Actor,
    source: str,
    now: datetime,
    today: date,
    session: Session,
) -> Update:
    """Append an update and move the action's current state, after checking permission."""
    authorize(actor, Operation.UPDATE, action)
    if data.request_id and updates.by_request(data.request_id, session=session) is not None:
        raise AlreadySaved()
    data = against(action, data)
    validate_update(data, today=today, current=Status(action.status))
    refuse_sensitive(
        [("note", data.note), *(("links", link) for link in data.links)],
        names_for(action.review_id, session=session),
    )
    before = action.status
    status = data.status or Status(action.status)
    update = Update(
        action_id=action.id,
        user_id=actor.user_id,
        created_at=now,
        source=source,
        status_before=before,
        status_after=status.value,
        note=data.note.strip(),
        due_date_before=action.due_date,
        new_due_date=data.new_due_date,
        completed_on=data.completed_on if status is Status.COMPLETE else None,
        request_id=data.request_id,
    )
    session.add(update)
    action.status = status.value
    action.completed_on = data.completed_on if status is Status.COMPLETE else None
    if data.new_due_date is not None:
        action.due_date = data.new_due_date
        action.target_flag = None
    session.flush()
    for link in data.links:
        _add_evidence(
            action,
            EvidenceInput(kind="link", url=link),
            actor=actor,
            now=now,
            session=session,
            update_id=update.id,
        )
    for file in data.files:
        _add_evidence(
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


def check_evidence(data: EvidenceInput) -> None:
    """Raise InvalidInput when a piece of evidence cannot be stored."""
    if data.kind in ("link", "message") and data.url and (problem := link_problem(data.url)):
        raise InvalidInput({"links": problem})
    if len(data.description) > DESCRIPTION_LIMIT:
        raise InvalidInput(
            {
                "description": f"The description is {len(data.description)} "
                f"characters; the limit is {DESCRIPTION_LIMIT}."
            }
        )
    if data.kind == "note" and not data.description.strip():
        raise InvalidInput({"description": "Say what the evidence is, or give a link."})


def add_evidence(
    action: Action,
    data: EvidenceInput,
    *,
    actor: Actor,
    now: datetime,
    session: Session,
) -> Evidence:
    """Attach evidence to an action after checking permission; touches its last update time."""
    authorize(actor, Operation.ADD_EVIDENCE, action)
    check_evidence(data)
    refuse_sensitive(
        [("description", data.description), ("excerpt", data.excerpt), ("links", data.url)],
        names_for(action.review_id, session=session),
    )
    evidence = _add_evidence(action, data, actor=actor, now=now, session=session, update_id=None)
    logger.info(
        "evidence %s (%s) added to action %s by %s",
        evidence.id,
        data.kind,
        action.id,
        actor.user_id,
    )
    return evidence


def _add_evidence(
    action: Action,
    data: EvidenceInput,
    *,
    actor: Actor,
    now: datetime,
    session: Session,
    update_id: int | None,
) -> Evidence:
    excerpt = data.excerpt[:EXCERPT_LIMIT] if data.excerpt else None
    evidence = Evidence(
        action_id=action.id,
        update_id=update_id,
        kind=data.kind,
        url=data.url,
        file_id=data.file_id,
        file_name=data.file_name,
        excerpt=excerpt,
        description=data.description.strip(),
        added_by=actor.user_id,
        created_at=now,
    )
    session.add(evidence)
    session.flush()
    return evidence


def assign(
    action: Action,
    owner_id: str,
    *,
    actor: Actor,
    now: datetime,
    session: Session,
) -> Update:
    """Make `owner_id` the action's owner; they must be registered with an agency."""
    authorize(actor, Operation.ASSIGN, action)
    if not people.memberships_of(owner_id, session=session):
        raise UserFacingError(
            f"<@{owner_id}> isn't registered with any agency yet. Add them first, e.g. "
            f"`/dhr agency {action.lead_agency.code} add <@{owner_id}> member`."
        )
    update = Update(
        action_id=action.id,
        user_id=actor.user_id,
        created_at=now,
        source="command",
        status_before=action.status,
        status_after=action.status,
        note="Assigned",
        owner_before=action.owner_id,
        owner_after=owner_id,
    )
    session.add(update)
    action.owner_id = owner_id
    session.flush()
    logger.info("action %s assigned by %s (update %s)", action.id, actor.user_id, update.id)
    return update
