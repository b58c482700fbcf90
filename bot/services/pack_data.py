"""Gather what the evidence pack and the board report show, from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.assurance_state import Signoff
from bot.clock import local_day
from bot.pack import (
    PackAction,
    PackEvent,
    PackEvidence,
    PackRecommendation,
    PackReprogramming,
    PackReview,
)
from bot.pack.layout import day
from bot.services.assurance_detail import slips_of
from bot.status import Status, is_overdue, rag_for
from storage.models import Action, Evidence, Review, Update
from storage.repositories import actions as action_repo
from storage.repositories import assurance as assurance_repo
from storage.repositories import evidence as evidence_repo

IMPORT_SOURCE = "import"


@dataclass(frozen=True)
class Assurance:
    """An action's assurance record: sign-off, re-programming and its recommendation's decision.

    Filled by `assurance_of`, the one place the assurance records (sign-off, re-programming
    log, recommendation decisions) are read for the pack and the board report.
    """

    signed_off_on: date | None = None
    signed_off_by: str | None = None
    impact_statement: str | None = None
    original_due_date: date | None = None
    reprogramming: tuple[PackReprogramming, ...] = ()
    decision: str | None = None
    rationale: str | None = None

    @property
    def times_reprogrammed(self) -> int:
        """Return how many times the due date was moved later."""
        return len(self.reprogramming)

    @property
    def slip_days(self) -> int:
        """Return how many days later than first planned the action is now due."""
        moves = [m for m in self.reprogramming if m.from_date and m.to_date]
        if not self.original_due_date or not moves:
            return 0
        last = moves[-1].to_date
        return max((last - self.original_due_date).days, 0) if last else 0


def assurance_of(
    action: Action, *, session: Session, tz: ZoneInfo | None = None, decision: bool = True
) -> Assurance:
    """Return the action's assurance record: sign-off, impact, the slips that stood, and
    (unless `decision` is False) its recommendation's decision."""
    zone = tz or ZoneInfo("UTC")
    # Most actions never slipped: read their re-programming rows only when one did.
    rows = (
        assurance_repo.reprogramming_rows(action.id, session=session)
        if action.times_reprogrammed
        else []
    )
    moves = tuple(
        PackReprogramming(
            from_date=slip.before,
            to_date=slip.after,
            reason=slip.reason,
            decided_by=slip.decided_by,
        )
        for slip in slips_of(rows, None, zone)
        if slip.state in ("applied", "approved")
    )
    decided = (
        assurance_repo.latest_decisions([action.recommendation_id], session=session).get(
            action.recommendation_id
        )
        if decision
        else None
    )
    signed = action.signoff == Signoff.SIGNED_OFF
    return Assurance(
        signed_off_on=action.signed_off_on if signed else None,
        signed_off_by=action.signed_off_by if signed else None,
        impact_statement=action.impact or None,
        original_due_date=action.original_due_date,
        reprogramming=moves,
        decision=decided.decision if decided else None,
        rationale=decided.rationale if decided else None,
    )


def _event(update: Update, tz: ZoneInfo) -> PackEvent:
    parts: list[str] = []
    if update.source == IMPORT_SOURCE:
        parts.append(update.note or "Imported from the plan")
    else:
        if update.status_before and update.status_before != update.status_after:
            before, after = Status(update.status_before), Status(update.status_after)
            parts.append(f"Status {before.label} → {after.label}")
        elif not update.status_before:
            parts.append(f"Status {Status(update.status_after).label}")
        if update.new_due_date:
            was = f" (was {day(update.due_date_before)})" if update.due_date_before else ""
            parts.append(f"Due date set to {day(update.new_due_date)}{was}")
        if update.completed_on:
            parts.append(f"Completed on {day(update.completed_on)}")
        if update.owner_after and update.owner_after != update.owner_before:
            parts.append(f"Owner {update.owner_after}")
        if update.note:
            parts.append(update.note)
    who = "Plan import" if update.source == IMPORT_SOURCE else update.user_id
    when = update.created_at.astimezone(tz).replace(tzinfo=None)
    return PackEvent(when=when, who=who, what=". ".join(parts) or "Updated")


def _evidence(row: Evidence, tz: ZoneInfo) -> PackEvidence:
    copied = row.copy_state == "copied"
    if row.kind == "file" and not copied:
        note = row.copy_note or "The file was not copied to the evidence store."
    else:
        note = None
    return PackEvidence(
        kind=row.kind,
        description=row.description or row.file_name or row.excerpt or row.url or "",
        added_by=row.added_by,
        added_on=local_day(row.created_at, tz),
        url=row.url,
        stored_key=row.stored_key if copied else None,
        filename=row.file_name,
        sha256=row.sha256 if copied else None,
        size=row.size,
        note_if_not_copied=note,
    )


def pack_review(review: Review, *, today: date, tz: ZoneInfo, session: Session) -> PackReview:
    """Return the review as the pack shows it, recommendations and actions in plan order."""
    actions = action_repo.for_review(review.id, session=session)
    ids = [a.id for a in actions]
    histories = evidence_repo.histories(ids, session=session)
    evidence = evidence_repo.for_actions(ids, session=session)
    by_rec: dict[int, list[PackAction]] = {}
    decisions: dict[int, Assurance] = {}
    for action in actions:
        first = action.recommendation_id not in decisions
        assurance = assurance_of(action, session=session, tz=tz, decision=first)
        decisions.setdefault(action.recommendation_id, assurance)
        status = Status(action.status)
        overdue = is_overdue(action.status, action.due_date, today)
        by_rec.setdefault(action.recommendation_id, []).append(
            PackAction(
                ref=action.ref,
                text=action.text,
                lead_agency=action.lead_agency.name or action.lead_agency.code,
                status_label=status.label + (" (overdue)" if overdue else ""),
                rag=rag_for(status, overdue=overdue),
                owner=action.owner_id,
                target_text=action.target_text or None,
                due_date=action.due_date,
                original_due_date=assurance.original_due_date,
                overdue=overdue,
                completed_on=action.completed_on,
                signed_off_on=assurance.signed_off_on,
                signed_off_by=assurance.signed_off_by,
                impact_statement=assurance.impact_statement,
                reprogramming=assurance.reprogramming,
                timeline=tuple(_event(u, tz) for u in histories[action.id]),
                evidence=tuple(_evidence(e, tz) for e in evidence[action.id]),
            )
        )
    recommendations = tuple(
        PackRecommendation(
            number=str(rec.number),
            text=rec.text,
            theme=rec.controlled_theme or rec.theme or None,
            scope=rec.scope or None,
            decision=decisions[rec.id].decision if rec.id in decisions else None,
            rationale=decisions[rec.id].rationale if rec.id in decisions else None,
            actions=tuple(by_rec.get(rec.id, ())),
        )
        for rec in review.recommendations
    )
    return PackReview(
        slug=review.slug,
        title=review.title,
        partnership=review.partnership,
        review_type=review.type,
        published=review.published,
        recommendations=recommendations,
    )
