"""Who the caller is (coordinator, lead, member or stranger), and the one permission check."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from bot.errors import NotRegistered, PermissionDenied
from bot.permissions import Actor, Operation, Target, allowed, refusal
from storage.models import Action
from storage.repositories import people


def load_actor(user_id: str, *, session: Session, env_coordinators: Iterable[str]) -> Actor:
    """Read the caller's roles from the database (and DHR_COORDINATORS)."""
    coordinators = all_coordinators(session=session, env_coordinators=env_coordinators)
    roles = people.roles_of(user_id, session=session)
    return Actor(
        user_id=user_id,
        coordinator=user_id in coordinators,
        lead_of=frozenset(agency for agency, role in roles if role == "lead"),
        member_of=frozenset(agency for agency, _role in roles),
        coordinators=tuple(coordinators),
    )


def all_coordinators(*, session: Session, env_coordinators: Iterable[str]) -> list[str]:
    """Return every coordinator's user id, from the environment and the database."""
    return sorted(set(env_coordinators) | set(people.coordinator_ids(session=session)))


def authorize(actor: Actor, operation: Operation, action: Action | None = None) -> None:
    """Raise unless `actor` may do `operation` (to `action`): the tracker's one permission check."""
    if not actor.registered:
        raise NotRegistered(actor.coordinators)
    target = (
        Target(action.lead_agency_id, action.owner_id, action.delivering_agency_id)
        if action is not None
        else None
    )
    if not allowed(actor, operation, target):
        what = f" to `{action.review.slug}:{action.ref}`" if action is not None else ""
        raise PermissionDenied(f"You can't do that{what}. {refusal(operation)}")
