"""Who an action belongs to: its owner and the agency delivering it, each as an update."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import NotFound, UserFacingError
from bot.permissions import Actor, Operation
from bot.roles import authorize
from bot.safety.text import shown_code
from bot.services.access import visible_reviews
from storage.models import Action, Update
from storage.repositories import people

logger = logging.getLogger(__name__)


def _record(
    action: Action, actor: Actor, now: datetime, session: Session, **change: object
) -> Update:
    """Add an update that leaves the status as it is (a command's change of who, not what)."""
    update = Update(
        action_id=action.id,
        user_id=actor.user_id,
        created_at=now,
        source="command",
        status_before=action.status,
        status_after=action.status,
        **change,
    )
    session.add(update)
    return update


def assign(
    action: Action,
    owner: Actor,
    *,
    actor: Actor,
    now: datetime,
    session: Session,
) -> Update:
    """Make `owner` the action's owner: a coordinator, or in an agency taking part in its review.

    An owner is told of the action and asked to update it; one who cannot see its review
    could do neither, so such an owner is refused before anything is written.
    """
    authorize(actor, Operation.ASSIGN, action)
    owner_id = owner.user_id
    if not owner.registered:
        raise UserFacingError(
            f"<@{owner_id}> isn't registered with any agency yet. Add them first, e.g. "
            f"`/dhr agency {action.lead_agency.code} add <@{owner_id}> member`."
        )
    if not visible_reviews(owner, session=session).review(action.review_id):
        slug = action.review.slug
        refusal = (
            f"<@{owner_id}> can't see `{slug}:{action.ref}`: their agency doesn't take part in "
            f"review {slug}. Assign someone whose agency does"
        )
        if not actor.coordinator:  # the agency may be one the caller is not to know of
            raise UserFacingError(f"{refusal}, or ask a coordinator to add theirs.")
        codes = people.agency_codes(owner.member_of, session=session)
        raise UserFacingError(
            f"{refusal}, or add theirs ({', '.join(codes)}): `/dhr review {slug} add {codes[0]}`."
        )
    update = _record(
        action,
        actor,
        now,
        session,
        note="Assigned",
        owner_before=action.owner_id,
        owner_after=owner_id,
    )
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
        shown = shown_code(code)
        raise NotFound(
            f"There is no agency `{shown}`. Agencies: {known or 'none yet'}. "
            "To make a person the owner, mention them: `/dhr assign 1.2 @person`."
        )
    if agency.id == action.delivering_agency_id:
        raise UserFacingError(
            f"`{action.review.slug}:{action.ref}` is already delivered by {agency.code}."
        )
    update = _record(
        action,
        actor,
        now,
        session,
        note=f"Delivering agency set to {agency.code}",
        delivering_before=action.delivering_agency_id,
        delivering_after=agency.id,
    )
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
