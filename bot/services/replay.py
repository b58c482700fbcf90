"""An action's state rebuilt from its updates alone: the invariant the history must keep."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.status import Status

IMPORTER = "import"


class UpdateRow(Protocol):
    """The fields of a stored update that move an action's state."""

    source: str
    status_before: str | None
    status_after: str
    due_date_before: date | None
    new_due_date: date | None
    completed_on: date | None
    owner_after: str | None
    delivering_after: int | None


class ActionRow(Protocol):
    """The fields of an action that its updates must explain."""

    status: str
    completed_on: date | None
    due_date: date | None
    owner_id: str | None
    delivering_agency_id: int


@dataclass(frozen=True)
class ActionState:
    """What replaying an action's updates says its current state is."""

    status: str | None = None
    completed_on: date | None = None
    due_date: date | None = None
    owner_id: str | None = None
    delivering_agency_id: int | None = None


def _step(state: ActionState, update: UpdateRow) -> ActionState:
    imported = update.source == IMPORTER
    created = imported and update.status_before is None
    completed_on = state.completed_on
    if created:
        completed_on = None
    elif not imported and update.owner_after is None and update.delivering_after is None:
        # A progress update sets the completion date with Complete and clears it otherwise;
        # an assignment, a change of delivering agency or a re-import leaves it alone.
        completed_on = update.completed_on if update.status_after == Status.COMPLETE else None
    due_date = state.due_date
    if update.new_due_date is not None:
        due_date = update.new_due_date
    elif imported and (created or update.due_date_before is not None):
        # The import records a target it could no longer read as a move to no date.
        due_date = None
    owner = update.owner_after if update.owner_after is not None or created else state.owner_id
    delivering = update.delivering_after or state.delivering_agency_id
    return ActionState(update.status_after, completed_on, due_date, owner, delivering)


def replay(updates: Iterable[UpdateRow]) -> ActionState:
    """Return the state an action's updates, applied in the order stored, lead to."""
    state = ActionState()
    for update in updates:
        state = _step(state, update)
    return state


def state_of(action: ActionRow) -> ActionState:
    """Return an action's stored current state, to compare with its replay."""
    return ActionState(
        action.status,
        action.completed_on,
        action.due_date,
        action.owner_id,
        action.delivering_agency_id,
    )
