"""Evidence on an action: what a piece of evidence is, checking it, and storing it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.inputs import DESCRIPTION_LIMIT, link_problem
from bot.permissions import Actor, Operation
from bot.roles import authorize
from bot.safety.text import clean_text
from bot.services.access import names_for, refuse_sensitive
from storage.models import Action, Evidence

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
        [
            ("description", data.description),
            ("excerpt", data.excerpt),
            ("links", data.url),
            ("files", data.file_name),
        ],
        names_for(action.review_id, session=session),
    )
    evidence = store_evidence(action, data, actor=actor, now=now, session=session, update_id=None)
    logger.info(
        "evidence %s (%s) added to action %s by %s",
        evidence.id,
        data.kind,
        action.id,
        actor.user_id,
    )
    return evidence


def store_evidence(
    action: Action,
    data: EvidenceInput,
    *,
    actor: Actor,
    now: datetime,
    session: Session,
    update_id: int | None,
) -> Evidence:
    """Store evidence on an action (or on one of its updates); the caller checked permission."""
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
