"""Assurance writes: sign-off, return, re-programming decisions, statements, decisions.

Each checks permission and state at the moment of the write and appends one update row
(or decision row) with who and when; the action's stored state moves by `follow`, the
same step `replay` folds, so the history always explains the current state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.assurance_state import Kind, Signoff, follow
from bot.decisions import Decision, read_decision  # noqa: F401 - re-exported
from bot.errors import InvalidInput, PermissionDenied, UserFacingError
from bot.inputs import NOTE_LIMIT, UpdateInput
from bot.permissions import Actor, Operation
from bot.roles import authorize
from bot.services.access import names_for, refuse_sensitive
from bot.status import Status
from storage.models import Action, Recommendation, RecommendationDecision, Update
from storage.repositories import assurance as repo

logger = logging.getLogger(__name__)

REASON_NEEDED = (
    "Moving the target later is a re-programming: say why in the note "
    "(the reason is kept with the original date)."
)


def check_text(text: str, *, what: str, required: bool, review_id: int, session: Session) -> str:
    """Return the trimmed text, or raise InvalidInput when it is missing, too long, or holds
    one of the review's protected names or an identifier (like every text people type)."""
    text = text.strip()
    if required and not text:
        raise InvalidInput({what: f"Give a {what}: it is kept with the record."})
    if len(text) > NOTE_LIMIT:
        raise InvalidInput(
            {what: f"The {what} is {len(text)} characters; the limit is {NOTE_LIMIT}."}
        )
    refuse_sensitive({what: text}, names_for(review_id, session=session))
    return text


def is_reprogramming(current_due: date | None, new_due: date | None) -> bool:
    """Tell whether a new target moves an existing one later."""
    return current_due is not None and new_due is not None and new_due > current_due


def reprogramming_errors(current_due: date | None, data: UpdateInput) -> dict[str, str]:
    """Return the note's field error when a later target comes without a reason."""
    if is_reprogramming(current_due, data.new_due_date) and not data.note.strip():
        return {"note": REASON_NEEDED}
    return {}


def plan_reprogramming(
    action: Action, data: UpdateInput
) -> tuple[UpdateInput, Kind | None, date | None]:
    """Return the update to store, its kind and a proposed date when it moves the target later.

    The first move later is applied; the second and later wait for a coordinator.
    """
    if not is_reprogramming(action.due_date, data.new_due_date):
        return data, None, None
    if not data.note.strip():
        raise InvalidInput({"note": REASON_NEEDED})
    if action.times_reprogrammed >= 1:
        return replace(data, new_due_date=None), Kind.REPROGRAM_PROPOSED, data.new_due_date
    return data, Kind.REPROGRAMMED, None


def _row(action: Action, actor: Actor, now: datetime, source: str, **fields: object) -> Update:
    fields.setdefault("status_after", action.status)
    return Update(
        action_id=action.id,
        user_id=actor.user_id,
        created_at=now,
        source=source,
        status_before=action.status,
        **fields,
    )


def _append(action: Action, update: Update, today: date, session: Session) -> Update:
    session.add(update)
    follow(action, update, today)
    action.status = update.status_after
    if update.status_after != Status.COMPLETE:
        action.completed_on = None
    if update.new_due_date is not None:
        action.due_date = update.new_due_date
        action.target_flag = None
    session.flush()
    return update


@dataclass(frozen=True)
class Stamp:
    """Who writes, when, and from where."""

    actor: Actor
    now: datetime
    today: date
    source: str


def _check_awaiting(action: Action, actor: Actor, session: Session) -> None:
    if action.status != Status.COMPLETE or action.signoff != Signoff.AWAITING:
        state = "signed off already" if action.signoff == Signoff.SIGNED_OFF else "not complete"
        raise UserFacingError(
            f"`{action.review.slug}:{action.ref}` is not awaiting sign-off ({state})."
        )
    if actor.user_id in repo.completion_authors(action.id, session=session):
        raise PermissionDenied(
            "You completed this action, or changed its completion date or impact, yourself: "
            "another coordinator signs it off or returns it."
        )


def sign_off(action: Action, note: str, *, stamp: Stamp, session: Session) -> Update:
    """Sign off a completion awaiting it: coordinators, never one's own, impact required."""
    authorize(stamp.actor, Operation.SIGN_OFF, action)
    note = check_text(
        note, what="note", required=False, review_id=action.review_id, session=session
    )
    _check_awaiting(action, stamp.actor, session)
    if not (action.impact or "").strip():
        raise UserFacingError(
            f"`{action.review.slug}:{action.ref}` can't be signed off yet: the impact "
            "statement is missing. Ask the owner for it (the *Ask for impact* button), or "
            "return it."
        )
    update = _row(action, stamp.actor, stamp.now, stamp.source, kind=Kind.SIGNOFF, note=note)
    _append(action, update, stamp.today, session)
    logger.info("action %s signed off by %s (update %s)", action.id, stamp.actor.user_id, update.id)
    return update


def return_action(action: Action, reason: str, *, stamp: Stamp, session: Session) -> Update:
    """Send a completion back to In progress with a reason (coordinators, not their own)."""
    authorize(stamp.actor, Operation.SIGN_OFF, action)
    reason = check_text(
        reason, what="reason", required=True, review_id=action.review_id, session=session
    )
    _check_awaiting(action, stamp.actor, session)
    update = _row(
        action,
        stamp.actor,
        stamp.now,
        stamp.source,
        kind=Kind.RETURN,
        note=reason,
        status_after=Status.IN_PROGRESS.value,
    )
    _append(action, update, stamp.today, session)
    logger.info("action %s returned by %s (update %s)", action.id, stamp.actor.user_id, update.id)
    return update


def pending_proposal(action: Action, *, session: Session) -> Update | None:
    """Return the re-programming waiting for a coordinator, if any (the latest supersedes)."""
    rows = repo.reprogramming_rows(action.id, session=session)
    decided = {row.decides_id for row in rows if row.decides_id is not None}
    proposals = [row for row in rows if row.kind == Kind.REPROGRAM_PROPOSED]
    if not proposals or proposals[-1].id in decided:
        return None
    latest = proposals[-1]
    moved_after = any(row.id > latest.id and row.kind == Kind.REPROGRAMMED for row in rows)
    # Proposed from a target the action no longer has, or for an action since completed:
    # approving it would undo what happened after it.
    if moved_after or repo.moved_on_since(action.id, latest.id, session=session):
        return None
    return latest


def decide_reprogramming(
    action: Action, proposal_id: int, approve: bool, *, stamp: Stamp, session: Session
) -> Update:
    """Approve or decline a proposed re-programming (coordinators; once)."""
    authorize(stamp.actor, Operation.SIGN_OFF, action)
    pending = pending_proposal(action, session=session)
    if pending is None or pending.id != proposal_id:
        raise UserFacingError(
            f"That re-programming of `{action.review.slug}:{action.ref}` is no longer open: it "
            "was already decided, a later one replaced it, or the action moved on (a new "
            "target, or completed). Nothing changed."
        )
    moved = (
        {
            "due_date_before": action.due_date,
            "new_due_date": pending.proposed_due_date,
            "note": pending.note,
        }
        if approve
        else {}
    )
    update = _row(
        action,
        stamp.actor,
        stamp.now,
        stamp.source,
        kind=Kind.REPROGRAM_APPROVED if approve else Kind.REPROGRAM_DECLINED,
        decides_id=pending.id,
        **moved,
    )
    _append(action, update, stamp.today, session)
    logger.info(
        "re-programming %s of action %s %s by %s",
        pending.id,
        action.id,
        "approved" if approve else "declined",
        stamp.actor.user_id,
    )
    return update


def assure(action: Action, text: str, *, stamp: Stamp, session: Session) -> Update:
    """Record an assurance statement on an Ongoing action (owner, agency lead or coordinator)."""
    authorize(stamp.actor, Operation.UPDATE, action)
    text = check_text(
        text, what="statement", required=True, review_id=action.review_id, session=session
    )
    if action.target_kind != "ongoing" or action.status == Status.COMPLETE:
        raise UserFacingError(
            f"`{action.review.slug}:{action.ref}` is not an open Ongoing action: assurance "
            "statements are for those. Use `/dhr update` instead."
        )
    update = _row(action, stamp.actor, stamp.now, stamp.source, kind=Kind.ASSURANCE, note=text)
    _append(action, update, stamp.today, session)
    logger.info("assurance statement %s on action %s", update.id, action.id)
    return update


def decide_recommendation(
    recommendation: Recommendation,
    decision: Decision,
    rationale: str,
    *,
    stamp: Stamp,
    session: Session,
) -> RecommendationDecision:
    """Record the partnership's decision on a recommendation (coordinators)."""
    authorize(stamp.actor, Operation.DECIDE)
    rationale = check_text(
        rationale,
        what="rationale",
        required=decision is not Decision.AGREED,
        review_id=recommendation.review_id,
        session=session,
    )
    row = repo.add_decision(
        recommendation,
        decision.value,
        rationale,
        user_id=stamp.actor.user_id,
        source=stamp.source,
        now=stamp.now,
        session=session,
    )
    logger.info("decision %s on recommendation %s", row.id, recommendation.id)
    return row
