"""Writes to an action: updates, evidence and assignment, each checking permission first."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.assurance_state import follow
from bot.errors import InvalidInput, NotFound, UserFacingError
from bot.permissions import Actor, Operation
from bot.roles import authorize
from bot.safety.text import clean_text
from bot.services.access import names_for, refuse_sensitive
from bot.services.assurance_writes import plan_reprogramming
from bot.services.inputs import DESCRIPTION_LIMIT, UpdateInput, link_problem, validate_update
from bot.services.views import Change, change_of
from bot.status import Status
from storage.models import Action, Evidence, Update
from storage.repositories import people, updates

logger = logging.getLogger(__name__)

EXCERPT_LIMIT = 1000
_SHOWN_CODE = re.compile(r"[^A-Za-z0-9_-]")  # echo a typed code without any markup
UTC_ZONE = ZoneInfo("UTC")


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
        [("note", data.note), *(("links", link) for link in data.links)],
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
    # Typed and pasted text loses its control characters before it is stored.
    excerpt = clean_text(data.excerpt)[:EXCERPT_LIMIT] if data.excerpt else None
    evidence = Evidence(
        action_id=action.id,
        update_id=update_id,
        kind=data.kind,
        url=data.url,
        file_id=data.file_id,
        file_name=clean_text(data.file_name) if data.file_name else data.file_name,
        excerpt=excerpt,
        description=clean_text(data.description).strip(),
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


def set_delivering(
    action: Action,
    code: str,
    *,
    actor: Actor,
    now: datetime,
    session: Session,
) -> Update:
    """Make the agency `code` the one delivering the action (coordinators only), as an update."""
    authorize(actor, Operation.SET_DELIVERING, action)
    agency = people.get_agency(code, session=session)
    if agency is None:
        known = ", ".join(a.code for a in people.list_agencies(session=session))
        shown = _SHOWN_CODE.sub("", code)[:32]
        raise NotFound(
            f"There is no agency `{shown}`. Agencies: {known or 'none yet'}. "
            "To make a person the owner, mention them: `/dhr assign 1.2 @person`."
        )
    if agency.id == action.delivering_agency_id:
        raise UserFacingError(
            f"`{action.review.slug}:{action.ref}` is already delivered by {agency.code}."
        )
    update = Update(
        action_id=action.id,
        user_id=actor.user_id,
        created_at=now,
        source="command",
        status_before=action.status,
        status_after=action.status,
        note=f"Delivering agency set to {agency.code}",
        delivering_before=action.delivering_agency_id,
        delivering_after=agency.id,
    )
    session.add(update)
    action.delivering_agency_id = agency.id
    action.delivering_agency = agency
    session.flush()
    logger.info(
        "action %s delivered by agency %s, set by %s (update %s)",
        action.id,
        agency.id,
        actor.user_id,
        update.id,
    )
    return update
