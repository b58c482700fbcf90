"""The shape of one listed action: plain columns read for a page of a list, no ORM instance."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple


class ListedAction(NamedTuple):
    """One row of a listed page: what a list shows of an action, read as plain columns.

    A page is read without the ORM's unit of work (no identity map, no instances): the
    listed action is never written through.
    """

    id: int
    review_slug: str
    ref: str
    text: str
    lead_code: str
    lead_agency_id: int
    delivering_code: str
    delivering_agency_id: int
    owner_id: str | None
    status: str
    due_date: date | None
    target_text: str
    target_kind: str
    target_flag: str | None
    completed_on: date | None
    recommendation_number: int
    signoff: str | None
    signed_off_on: date | None
    signed_off_by: str | None
    impact: str | None
    original_due_date: date | None
    times_reprogrammed: int | None
    last_assured_on: date | None
    created_at: datetime
