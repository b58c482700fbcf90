"""The assurance part of an action's detail: impact, who completed it, slips, the decision."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.assurance_state import Kind
from bot.clock import local_day
from bot.readmodel.detail import AssuranceDetail, Slip
from bot.services.assurance_writes import pending_proposal
from storage.models import Action, Update
from storage.repositories import assurance as repo


def slips_of(rows: list[Update], pending_id: int | None, tz: ZoneInfo) -> tuple[Slip, ...]:
    """Return an action's re-programmings from its re-programming rows, oldest first."""
    decisions = {row.decides_id: row for row in rows if row.decides_id is not None}
    slips: list[Slip] = []
    for row in rows:
        if row.kind == Kind.REPROGRAMMED:
            state, after, decided_by = "applied", row.new_due_date, None
        elif row.kind == Kind.REPROGRAM_PROPOSED:
            decision = decisions.get(row.id)
            after = row.proposed_due_date
            if decision is None:
                state = "proposed" if row.id == pending_id else "replaced"
                decided_by = None
            else:
                approved = decision.kind == Kind.REPROGRAM_APPROVED
                state = "approved" if approved else "declined"
                decided_by = decision.user_id
        else:
            continue
        slips.append(
            Slip(
                on=local_day(row.created_at, tz),
                by=row.user_id,
                before=row.due_date_before,
                after=after,
                reason=row.note,
                state=state,
                decided_by=decided_by,
                proposal_id=row.id if state == "proposed" else None,
            )
        )
    return tuple(slips)


def assurance_detail(action: Action, tz: ZoneInfo, *, session: Session) -> AssuranceDetail:
    """Return what `/dhr show` adds for assurance."""
    completing = repo.completing_update(action.id, session=session)
    pending = pending_proposal(action, session=session)
    rows = repo.reprogramming_rows(action.id, session=session)
    decision = repo.latest_decisions([action.recommendation_id], session=session).get(
        action.recommendation_id
    )
    return AssuranceDetail(
        impact=action.impact,
        completed_by=completing.user_id if completing is not None else None,
        slips=slips_of(rows, pending.id if pending else None, tz),
        pending_proposal=pending.id if pending else None,
        decision=decision.decision if decision else None,
        rationale=decision.rationale if decision else "",
        last_assured_on=action.last_assured_on,
    )
