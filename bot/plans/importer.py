"""Store a parsed plan: one transaction, re-imports keep every update and piece of evidence.

New actions and their first history rows are inserted in bulk (two statements whatever the
plan's size; bot/plans/import_bulk.py); actions already stored are loaded once and updated
in place (bot/plans/import_actions.py).
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.plans.delivering import AgencyNames
from bot.plans.document import PlanDocument, PlanError
from bot.plans.import_actions import upsert_action
from bot.plans.import_bulk import insert_new_actions
from bot.plans.import_context import ImportContext, ImportReport
from bot.plans.import_upserts import upsert_agency, upsert_recommendation, upsert_review
from bot.plans.parse_common import yaml_path
from bot.plans.screen import first_finding, refusal
from bot.safety.sensitive import ProtectedName
from storage.models import Action, Recommendation
from storage.repositories import access, reviews, statistics
from storage.repositories import actions as action_repo

__all__ = ["ImportReport", "import_plan"]

logger = logging.getLogger(__name__)


def import_plan(
    plan: PlanDocument, *, session: Session, now: datetime, today: date, notes: tuple[str, ...] = ()
) -> ImportReport:
    """Create or update a review from a plan document in the caller's unit of work.

    Raises PlanError, before anything is stored, when a text holds a name the review
    protects (from the file or set by a coordinator) or an identifier.
    """
    _screen(plan, session=session)
    review = upsert_review(plan, session=session, now=now)
    for entry in plan.review.protected_names:
        access.add_protected_name(
            review.id, entry.name, entry.pseudonym, added_by=None, now=now, session=session
        )
    report = ImportReport(review=review.slug, notes=list(notes))
    ctx = ImportContext(session, review, now, today, report, {}, _agency_names(plan))
    for agency_doc in plan.agencies:
        upsert_agency(ctx, agency_doc)
    ctx.recommendations = {
        rec.number: rec
        for rec in session.scalars(
            select(Recommendation).where(Recommendation.review_id == review.id)
        )
    }
    ctx.existing = {
        action.ref: action
        for action in session.scalars(select(Action).where(Action.review_id == review.id))
    }
    ctx.chosen_delivering = action_repo.delivering_set_by_person(review.id, session=session)
    seen: set[str] = set()
    for position, rec_doc in enumerate(plan.recommendations):
        recommendation = upsert_recommendation(ctx, rec_doc)
        for index, action_doc in enumerate(rec_doc.actions):
            upsert_action(
                ctx, recommendation, rec_doc, action_doc, position=position * 1000 + index
            )
            seen.add(action_doc.ref)
    insert_new_actions(ctx)
    session.flush()  # every change is in the database before the caller reads it back
    report.not_in_file = sorted(set(ctx.existing) - seen, key=_ref_key)
    statistics.refresh_statistics(session)  # the lists are planned on the new shape
    logger.info(
        "imported review %s: %d created, %d changed",
        review.id,
        len(report.created),
        len(report.changed),
    )
    return report


def _agency_names(plan: PlanDocument) -> list[AgencyNames]:
    """Return the plan's agencies with every name it gives them, for reading action texts."""
    names = {doc.code: AgencyNames(doc.code, (doc.name, *doc.aliases)) for doc in plan.agencies}
    for rec in plan.recommendations:
        for code in (*rec.ownership, *(a.lead for a in rec.actions)):
            names.setdefault(code, AgencyNames(code))
    return list(names.values())


def _screen(plan: PlanDocument, *, session: Session) -> None:
    existing = reviews.get_review(plan.review.slug, session=session)
    stored = (
        [
            ProtectedName(row.name, row.pseudonym)
            for row in access.protected_names([existing.id], session=session)
        ]
        if existing is not None
        else []
    )
    found = first_finding(plan, stored)
    if found is not None:
        loc, finding = found
        raise PlanError(refusal(finding), file="the plan", column=yaml_path(loc))


def _ref_key(ref: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ref.split(".") if part.isdigit())
