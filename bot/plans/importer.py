"""Store a parsed plan: one transaction, re-imports keep every update and piece of evidence."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.dates.targets import Target, TargetKind, interpret_target
from bot.plans.document import ActionDoc, AgencyDoc, PlanDocument, PlanError, RecommendationDoc
from bot.plans.parse_yaml import yaml_path
from bot.plans.screen import first_finding, refusal
from bot.safety.sensitive import ProtectedName
from bot.status import Status
from storage.models import Action, Agency, Recommendation, Review, Update
from storage.repositories import access, people, reviews
from storage.repositories import actions as action_repo

logger = logging.getLogger(__name__)

IMPORTER = "import"


@dataclass
class ImportReport:
    """What an import did, for the person who ran it."""

    review: str
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Context:
    session: Session
    review: Review
    now: datetime
    today: date
    report: ImportReport
    agencies: dict[str, Agency]


def import_plan(
    plan: PlanDocument, *, session: Session, now: datetime, today: date, notes: tuple[str, ...] = ()
) -> ImportReport:
    """Create or update a review from a plan document in the caller's unit of work.

    Raises PlanError, before anything is stored, when a text holds a name the review
    protects (from the file or set by a coordinator) or an identifier.
    """
    _screen(plan, session=session)
    review = _upsert_review(plan, session=session, now=now)
    for entry in plan.review.protected_names:
        access.add_protected_name(
            review.id, entry.name, entry.pseudonym, added_by=None, now=now, session=session
        )
    report = ImportReport(review=review.slug, notes=list(notes))
    ctx = _Context(session, review, now, today, report, {})
    for agency_doc in plan.agencies:
        _upsert_agency(ctx, agency_doc)
    seen: set[str] = set()
    for position, rec_doc in enumerate(plan.recommendations):
        recommendation = _upsert_recommendation(ctx, rec_doc)
        for index, action_doc in enumerate(rec_doc.actions):
            _upsert_action(ctx, recommendation, action_doc, position=position * 1000 + index)
            seen.add(action_doc.ref)
    existing = {action.ref for action in action_repo.for_review(review.id, session=session)}
    report.not_in_file = sorted(existing - seen, key=_ref_key)
    logger.info(
        "imported review %s: %d created, %d changed",
        review.id,
        len(report.created),
        len(report.changed),
    )
    return report


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


def _upsert_review(plan: PlanDocument, *, session: Session, now: datetime) -> Review:
    doc = plan.review
    review = reviews.get_review(doc.slug, session=session)
    if review is None:
        review = Review(slug=doc.slug, created_at=now)
        session.add(review)
    review.title = doc.title
    review.partnership = doc.partnership or review.partnership or ""
    review.published = doc.published or review.published
    session.flush()
    return review


def _agency(ctx: _Context, code: str, name: str = "") -> Agency:
    key = code.lower()
    if key in ctx.agencies:
        return ctx.agencies[key]
    agency = people.get_agency(code, session=ctx.session)
    if agency is None:
        agency = Agency(code=code, name=name or code)
        ctx.session.add(agency)
        ctx.session.flush()
        ctx.report.changed.append(f"new agency {code}")
    ctx.agencies[key] = agency
    return agency


def _upsert_agency(ctx: _Context, doc: AgencyDoc) -> None:
    agency = _agency(ctx, doc.code, doc.name)
    if doc.name and agency.name != doc.name:
        agency.name = doc.name
    known = {m.user_id: m for m in people.members_of(agency.id, session=ctx.session)}
    for role, users in (("lead", doc.leads), ("member", doc.members)):
        for user_id in users:
            membership = known.get(user_id)
            # Re-imports add people; they never demote or remove anyone set up in Slack.
            if membership is None or (role == "lead" and membership.role != "lead"):
                people.set_membership(
                    agency, user_id, role, added_by=None, now=ctx.now, session=ctx.session
                )


def _upsert_recommendation(ctx: _Context, doc: RecommendationDoc) -> Recommendation:
    rec = reviews.get_recommendation(ctx.review.id, doc.number, session=ctx.session)
    if rec is None:
        rec = Recommendation(review_id=ctx.review.id, number=doc.number)
        ctx.session.add(rec)
    elif (rec.text, rec.theme, rec.scope, list(rec.ownership)) != (
        doc.text,
        doc.theme,
        doc.scope,
        list(doc.ownership),
    ):
        ctx.report.changed.append(f"recommendation {doc.number}: text updated")
    rec.text, rec.theme, rec.scope = doc.text, doc.theme, doc.scope
    rec.ownership = list(doc.ownership)
    ctx.session.flush()
    return rec


def _apply_target(ctx: _Context, action: Action, target: Target) -> None:
    action.target_kind = target.kind.value
    action.due_date = target.due_date
    action.target_flag = (
        target.reason if target.kind in (TargetKind.UNKNOWN, TargetKind.RELATIVE) else None
    )
    if action.target_flag:
        ctx.report.flagged.append(f"{action.ref}: {action.target_flag}")


def _upsert_action(ctx: _Context, rec: Recommendation, doc: ActionDoc, *, position: int) -> None:
    existing = action_repo.find_by_ref(doc.ref, review_slug=ctx.review.slug, session=ctx.session)
    target = interpret_target(doc.target, published=ctx.review.published, today=ctx.today)
    lead = _agency(ctx, doc.lead)
    if not existing:
        _create_action(ctx, rec, doc, lead, target, position)
        return
    action = existing[0]
    before = _plan_fields(action)
    action.recommendation_id, action.position, action.text = rec.id, position, doc.text
    action.lead_agency_id, action.milestones, action.outcome = (
        lead.id,
        list(doc.milestones),
        doc.outcome,
    )
    unresolved = action.target_kind in (TargetKind.UNKNOWN, TargetKind.RELATIVE)
    if doc.target != action.target_text or (unresolved and action.due_date is None):
        # Only a changed target text (or one now understood, e.g. "within six months of
        # publication" once the review has a publication date) moves the due date: a date
        # set by an update stays.
        _retarget(ctx, action, doc.target, target)
    if doc.owner and doc.owner != action.owner_id:
        owner_before, action.owner_id = action.owner_id, doc.owner
        _record(
            ctx,
            action,
            note="Owner set by the plan file",
            owner_before=owner_before,
            owner_after=doc.owner,
        )
    if _plan_fields(action) != before:
        ctx.report.changed.append(f"{doc.ref}: plan text updated")
    else:
        ctx.report.unchanged += 1


def _retarget(ctx: _Context, action: Action, text: str, target: Target) -> None:
    due_before, kind_before = action.due_date, action.target_kind
    changed = text != action.target_text
    action.target_text = text
    _apply_target(ctx, action, target)
    if target.kind is TargetKind.COMPLETE and action.status != Status.COMPLETE:
        # The import never closes an action itself: a dated update must.
        ctx.report.flagged.append(
            f"{action.ref}: the plan now says {text!r}; record its completion with an update"
        )
    if changed or (action.due_date, action.target_kind) != (due_before, kind_before):
        why = "Target changed in the plan" if changed else "Target now understood"
        _record(
            ctx,
            action,
            note=f"{why}: {text!r}",
            due_date_before=due_before,
            new_due_date=action.due_date,
        )


def _plan_fields(action: Action) -> tuple[object, ...]:
    return (
        action.text,
        action.lead_agency_id,
        list(action.milestones),
        action.outcome,
        action.target_text,
        action.owner_id,
        action.recommendation_id,
    )


def _create_action(
    ctx: _Context, rec: Recommendation, doc: ActionDoc, lead: Agency, target: Target, position: int
) -> None:
    complete = target.kind is TargetKind.COMPLETE
    action = Action(
        review_id=ctx.review.id,
        recommendation_id=rec.id,
        ref=doc.ref,
        position=position,
        text=doc.text,
        lead_agency_id=lead.id,
        owner_id=doc.owner,
        milestones=list(doc.milestones),
        target_text=doc.target,
        outcome=doc.outcome,
        status=(Status.COMPLETE if complete else Status.NOT_STARTED).value,
        created_at=ctx.now,
    )
    ctx.session.add(action)
    _apply_target(ctx, action, target)
    ctx.session.flush()
    note = "Imported from the plan" + (
        f"; the plan records it as {doc.target!r}" if complete else ""
    )
    _record(
        ctx,
        action,
        note=note,
        status_before=None,
        new_due_date=action.due_date,
        owner_after=doc.owner,
    )
    ctx.report.created.append(doc.ref)


def _record(ctx: _Context, action: Action, *, note: str, **fields: object) -> None:
    fields.setdefault("status_before", action.status)
    update = Update(
        action_id=action.id,
        user_id=IMPORTER,
        created_at=ctx.now,
        source=IMPORTER,
        status_after=action.status,
        note=note,
        **fields,
    )
    ctx.session.add(update)
