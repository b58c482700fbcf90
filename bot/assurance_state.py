"""The assurance state of an action, as a fold over its append-only updates.

Every write that changes sign-off, impact, target dates or assurance appends an update
row; `step` is how one row moves the state, used both when a row is written and by
`replay`, so replaying the history always gives the action's current state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from bot.status import Status

IMPORTER = "import"


class Kind(StrEnum):
    """What an update row means beyond its status change (None: a progress update)."""

    REPROGRAMMED = "reprogrammed"  # a progress update that moved the target later
    REPROGRAM_PROPOSED = "reprogram_proposed"  # ... and one that waits for a coordinator
    REPROGRAM_APPROVED = "reprogram_approved"
    REPROGRAM_DECLINED = "reprogram_declined"
    SIGNOFF = "signoff"
    RETURN = "return"
    ASSURANCE = "assurance"
    RETARGET = "retarget"  # the plan file changed the target


class Signoff(StrEnum):
    """The sign-off state of a complete action."""

    AWAITING = "awaiting"
    SIGNED_OFF = "signed_off"


class Row(Protocol):
    """The fields of an update row that the state depends on."""

    @property
    def kind(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def status_before(self) -> str | None: ...
    @property
    def status_after(self) -> str: ...
    @property
    def due_date_before(self) -> date | None: ...
    @property
    def new_due_date(self) -> date | None: ...
    @property
    def completed_on(self) -> date | None: ...
    @property
    def impact(self) -> str | None: ...


@dataclass(frozen=True)
class AssuranceState:
    """An action's status, dates and assurance as the updates make them."""

    status: str = Status.NOT_STARTED.value
    completed_on: date | None = None
    due_date: date | None = None
    original_due_date: date | None = None
    times_reprogrammed: int = 0
    signoff: str | None = None
    signed_off_on: date | None = None
    signed_off_by: str | None = None
    impact: str | None = None
    last_assured_on: date | None = None


def _moves_due(row: Row) -> bool:
    if row.kind in (Kind.REPROGRAMMED, Kind.REPROGRAM_APPROVED, Kind.RETARGET):
        return True
    if row.source == IMPORTER and row.status_before is None:
        return True  # the import that created the action
    return row.new_due_date is not None and row.kind != Kind.REPROGRAM_PROPOSED


def _completion(state: AssuranceState, row: Row) -> AssuranceState:
    complete = row.status_after == Status.COMPLETE
    if not complete:
        return replace(
            state, completed_on=None, signoff=None, signed_off_on=None, signed_off_by=None,
            impact=None,
        )  # fmt: skip
    if state.status != Status.COMPLETE or row.status_before != Status.COMPLETE:
        by_plan = row.source == IMPORTER
        return replace(
            state,
            completed_on=row.completed_on,
            signoff=Signoff.SIGNED_OFF.value if by_plan else Signoff.AWAITING.value,
            signed_off_on=None,
            signed_off_by=IMPORTER if by_plan else None,
            impact=row.impact or None,
        )
    moved = row.completed_on is not None and row.completed_on != state.completed_on
    restated = bool(row.impact) and row.impact != state.impact
    if (moved or restated) and state.signoff == Signoff.SIGNED_OFF:
        # What was signed off has changed: a coordinator looks at it again.
        state = replace(
            state, signoff=Signoff.AWAITING.value, signed_off_on=None, signed_off_by=None
        )
    return replace(
        state,
        completed_on=row.completed_on or state.completed_on,
        impact=row.impact or state.impact,
    )


def step(state: AssuranceState, row: Row, day: date) -> AssuranceState:
    """Return the state after one update row, written on `day` (the partnership's day)."""
    if row.kind == Kind.SIGNOFF:
        return replace(
            state, signoff=Signoff.SIGNED_OFF.value, signed_off_on=day, signed_off_by=row.user_id
        )
    if row.kind == Kind.ASSURANCE:
        return replace(state, last_assured_on=day)
    if row.kind == Kind.REPROGRAM_DECLINED:
        return state
    state = _completion(state, row)
    state = replace(state, status=row.status_after)
    if _moves_due(row):
        if row.kind in (Kind.REPROGRAMMED, Kind.REPROGRAM_APPROVED):
            state = replace(
                state,
                times_reprogrammed=state.times_reprogrammed + 1,
                original_due_date=state.original_due_date or row.due_date_before,
            )
        state = replace(state, due_date=row.new_due_date)
    return state


def replay(rows: Iterable[Row], day_of: Callable[[datetime], date]) -> AssuranceState:
    """Fold an action's updates, oldest first, into its state."""
    state = AssuranceState()
    for row in rows:
        state = step(state, row, day_of(row.created_at))
    return state


class Tracked(Protocol):
    """An action's stored state (the ORM model has these attributes)."""

    status: str
    completed_on: date | None
    due_date: date | None
    original_due_date: date | None
    times_reprogrammed: int
    signoff: str | None
    signed_off_on: date | None
    signed_off_by: str | None
    impact: str | None
    last_assured_on: date | None


FIELDS = tuple(AssuranceState.__dataclass_fields__)
OWN_FIELDS = FIELDS[3:]  # status, completion and due date are moved by the update writer


def state_of(action: Tracked) -> AssuranceState:
    """Return the state stored on an action."""
    return AssuranceState(**{name: getattr(action, name) for name in FIELDS})


def follow(action: Tracked, row: Row, day: date) -> None:
    """Move an action's assurance fields by one newly written update row."""
    after = step(state_of(action), row, day)
    for name in OWN_FIELDS:
        setattr(action, name, getattr(after, name))


def assured_rag(rag: str, signoff: str | None, late_assurance: bool) -> str:
    """Return the RAG with assurance: awaiting sign-off is green, assurance overdue amber."""
    if signoff == Signoff.AWAITING:
        return "green"
    if late_assurance and rag != "red":
        return "amber"
    return rag
