"""Evidence rows and their copies in the evidence store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Action, Evidence, Update

_PerAction = TypeVar("_PerAction", Evidence, Update)


def get_evidence(evidence_id: int, *, session: Session) -> Evidence | None:
    """Return one piece of evidence by id."""
    return session.get(Evidence, evidence_id)


def uncopied_files(action_id: int, file_ids: Iterable[str], *, session: Session) -> list[Evidence]:
    """Return the action's Slack-file evidence with these file ids not yet copied or tried."""
    wanted = list(file_ids)
    if not wanted:
        return []
    return list(
        session.scalars(
            select(Evidence)
            .where(
                Evidence.action_id == action_id,
                Evidence.kind == "file",
                Evidence.file_id.in_(wanted),
                Evidence.copy_state.is_(None),
            )
            .order_by(Evidence.id)
        )
    )


def copied(*, session: Session) -> list[Evidence]:
    """Return every piece of evidence whose file was copied to the store, oldest first."""
    return list(
        session.scalars(
            select(Evidence).where(Evidence.copy_state == "copied").order_by(Evidence.id)
        )
    )


def for_actions(action_ids: Sequence[int], *, session: Session) -> dict[int, list[Evidence]]:
    """Return each action's evidence, oldest first."""
    return _by_action(Evidence, action_ids, session=session)


def review_slug_of(evidence: Evidence, *, session: Session) -> tuple[str, str]:
    """Return the (review slug, action ref) the evidence belongs to."""
    action = session.get(Action, evidence.action_id)
    if action is None:
        return "", ""
    return action.review.slug, action.ref


def histories(action_ids: Sequence[int], *, session: Session) -> dict[int, list[Update]]:
    """Return each action's updates, oldest first, in one query."""
    return _by_action(Update, action_ids, session=session)


def _by_action(
    model: type[_PerAction], action_ids: Sequence[int], *, session: Session
) -> dict[int, list[_PerAction]]:
    """Return the model's rows for each of these actions, oldest first, in one query."""
    found: dict[int, list[_PerAction]] = {action_id: [] for action_id in action_ids}
    if not action_ids:
        return found
    rows = session.scalars(
        select(model)
        .where(model.action_id.in_(list(action_ids)))
        .order_by(model.action_id, model.created_at, model.id)
    )
    for row in rows:
        found[row.action_id].append(row)
    return found
