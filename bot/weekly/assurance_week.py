"""The weekly summary's assurance lists: signed off, awaiting, returned, re-programmed, overdue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.assurance_state import Kind, Signoff
from bot.dates.assurance_periods import DEFAULT_MONTHS, assurance_overdue
from bot.status import Status
from storage.models import Update

SIGNED_OFF = "signed_off"
AWAITING = "awaiting"
RETURNED = "returned"
REPROGRAMMED = "reprogrammed"
ASSURANCE_OVERDUE = "assurance_overdue"


def assurance_marks(
    row: Any, status: Status, week: Sequence[Update], *, today: date, months: int = DEFAULT_MONTHS
) -> tuple[str, ...]:
    """Return which assurance lists an action belongs in this week."""
    kinds = {update.kind for update in week}
    marks: list[str] = []
    complete = status is Status.COMPLETE
    if complete and Kind.SIGNOFF in kinds and row.signoff == Signoff.SIGNED_OFF:
        marks.append(SIGNED_OFF)
    if complete and row.signoff == Signoff.AWAITING:
        marks.append(AWAITING)
    if Kind.RETURN in kinds:
        marks.append(RETURNED)
    if kinds & {Kind.REPROGRAMMED, Kind.REPROGRAM_APPROVED}:
        marks.append(REPROGRAMMED)
    if (
        row.target_kind == "ongoing"
        and not complete
        and assurance_overdue(
            last_assured_on=row.last_assured_on,
            created_on=row.created_at.date(),
            today=today,
            months=months,
        )
    ):
        marks.append(ASSURANCE_OVERDUE)
    return tuple(marks)
