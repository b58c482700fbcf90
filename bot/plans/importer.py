"""Store a parsed plan: one transaction, re-imports keep every update and piece of evidence.

New actions and their first history rows are inserted in bulk (two statements whatever the
plan's size); actions already stored are loaded once and updated in place.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from bot.assurance_state import Kind, Signoff
from bot.dates.targets import Target, TargetKind, interpret_target
from bot.plans.delivering import AgencyNames, detect_delivering
from bot.plans.document import ActionDoc, AgencyDoc, PlanDocument, PlanError, RecommendationDoc
from bot.plans.parse_yaml import yaml_path
from bot.plans.screen import first_finding, refusal
from bot.safety.sensitive import ProtectedName
from bot.status import Status
from bot.themes import theme_for
from storage.models import Action, Agency, Recommendation, Review, Update
from storage.repositories import access, people, reviews
from storage.repositories import actions as action_repo
from storage.repositories import assurance as assurance_repo

logger = logging.getLogger(__name__)

IMPORTER = "import"
ACTION_TABLE: Table = Action.__table__  # type: ignore[assignment]
UPDATE_TABLE: Table = Update.__table__  # type: ignore[assignment]


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
    # Actions whose delivering agency a coordinator should confirm, with the reason.
    to_confirm: list[str] = field(default_factory=list)
    # Recommendations resembling ones of earlier reviews, one sentence each.
    recurring: list[str] = field(default_factory=list)


@dataclass
class _NewAction:
    """An action to insert, with what its first history row needs."""

    rec: Recommendation
    doc: ActionDoc
    lead: Agency
    delivering: Agency
    target: Target
    position: int


@dataclass
class _Context:
    session: Session
    review: Review
    now: datetime
    today: date
    report: ImportReport
    agencies: dict[str, Agency]
    names: list[AgencyNames] = field(default_factory=list)
    existing: dict[str, Action] = field(default_factory=dict)
    recommendations: dict[int, Recommendation] = field(default_factory=dict)
    new: dict[str, _NewAction] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    chosen_delivering: set[int] = field(default_factory=set)  # set by a person: it stands


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
    ctx = _Context(session, review, now, today, report, {}, _agency_names(plan))
    for agency_doc in plan.agencies:
        _upsert_agency(ctx, agency_doc)
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
        recommendation = _upsert_recommendation(ctx, rec_doc)
        for index, action_doc in enumerate(rec_doc.actions):
            _upsert_action(
                ctx, recommendation, rec_doc, action_doc, position=position * 1000 + index
            )
            seen.add(action_doc.ref)
    _insert_new_actions(ctx)
    session.flush()  # every change is in the database before the caller reads it back
    report.not_in_file = sorted(set(ctx.existing) - seen, key=_ref_key)
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


def _upsert_review(plan: PlanDocument, *, session: Session, now: datetime) -> Review:
    doc = plan.review
    review = reviews.get_review(doc.slug, session=session)
    if review is None:
        review = Review(slug=doc.slug, created_at=now)
        session.add(review)
    review.title = doc.title
    review.partnership = doc.partnership or review.partnership or ""
    review.published = doc.published or review.published
    review.type = doc.type or review.type or "DHR"
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
    rec = ctx.recommendations.get(doc.number)
    if rec is None:
        rec = Recommendation(review_id=ctx.review.id, number=doc.number)
        ctx.session.add(rec)
        ctx.recommendations[doc.number] = rec
    elif (rec.text, rec.theme, rec.scope, list(rec.ownership)) != (
        doc.text,
        doc.theme,
        doc.scope,
        list(doc.ownership),
    ):
        ctx.report.changed.append(f"recommendation {doc.number}: text updated")
    rec.text, rec.theme, rec.scope = doc.text, doc.theme, doc.scope
    # The plan's words are kept as written; the controlled theme is what reports group by.
    rec.controlled_theme = theme_for(doc.theme) if doc.theme else None
    rec.ownership = list(doc.ownership)
    ctx.session.flush()
    if doc.decision:
        record_plan_decision(rec, doc.decision, doc.rationale, now=ctx.now, session=ctx.session)
    return rec


def _apply_target(ctx: _Context, action: Action, target: Target) -> None:
    action.target_kind = target.kind.value
    action.due_date = target.due_date
    action.target_flag = (
        target.reason if target.kind in (TargetKind.UNKNOWN, TargetKind.RELATIVE) else None
    )
    if action.target_flag:
        ctx.report.flagged.append(f"{action.ref}: {action.target_flag}")


def _target(ctx: _Context, text: str) -> Target:
    # The same few target texts recur across a plan; reading one can mean a dateparser call.
    found = ctx.targets.get(text)
    if found is None:
        found = interpret_target(text, published=ctx.review.published, today=ctx.today)
        ctx.targets[text] = found
    return found


def _upsert_action(
    ctx: _Context, rec: Recommendation, rec_doc: RecommendationDoc, doc: ActionDoc, *, position: int
) -> None:
    target = _target(ctx, doc.target)
    lead = _agency(ctx, doc.lead)
    action = ctx.existing.get(doc.ref)
    if action is None:
        if doc.ref not in ctx.new:
            ctx.report.created.append(doc.ref)
        delivering = _delivering(ctx, rec_doc, doc, lead)
        ctx.new[doc.ref] = _NewAction(rec, doc, lead, delivering, target, position)
        if target.kind in (TargetKind.UNKNOWN, TargetKind.RELATIVE):
            ctx.report.flagged.append(f"{doc.ref}: {target.reason}")
        return
    if action.id not in ctx.chosen_delivering:
        # A coordinator's choice stands; otherwise the plan (its text or delivered_by) decides.
        _redeliver(ctx, action, _delivering(ctx, rec_doc, doc, lead))
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


def _delivering(ctx: _Context, rec_doc: RecommendationDoc, doc: ActionDoc, lead: Agency) -> Agency:
    """Return the agency the plan says does the action; list it to confirm when unsure."""
    if doc.delivered_by:
        return _agency(ctx, doc.delivered_by)
    found = detect_delivering(doc.text, ctx.names, ownership=rec_doc.ownership, lead=doc.lead)
    if found.reason:
        ctx.report.to_confirm.append(
            f"{doc.ref}: {found.reason} (kept under {lead.code}; set it with "
            f"`/dhr assign {ctx.review.slug}:{doc.ref} AGENCY`)"
        )
    return _agency(ctx, found.code) if found.code else lead


def _redeliver(ctx: _Context, action: Action, delivering: Agency) -> None:
    before = action.delivering_agency_id
    if before == delivering.id:
        return
    action.delivering_agency_id = delivering.id
    _record(
        ctx,
        action,
        note=f"Delivering agency read from the plan: {delivering.code}",
        delivering_before=before,
        delivering_after=delivering.id,
    )
    ctx.report.changed.append(f"{action.ref}: delivered by {delivering.code}")


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
            kind=Kind.RETARGET.value,
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


def _insert_new_actions(ctx: _Context) -> None:
    """Insert the new actions and their "Imported from the plan" rows: two statements."""
    if not ctx.new:
        return
    ctx.session.flush()  # new recommendations and agencies get their ids
    rows = []
    for ref, new in ctx.new.items():
        complete = new.target.kind is TargetKind.COMPLETE
        flagged = new.target.kind in (TargetKind.UNKNOWN, TargetKind.RELATIVE)
        rows.append(
            {
                "review_id": ctx.review.id,
                "recommendation_id": new.rec.id,
                "ref": ref,
                "position": new.position,
                "text": new.doc.text,
                "lead_agency_id": new.lead.id,
                "delivering_agency_id": new.delivering.id,
                "owner_id": new.doc.owner,
                "milestones": list(new.doc.milestones),
                "target_text": new.doc.target,
                "target_kind": new.target.kind.value,
                "target_flag": new.target.reason if flagged else None,
                "due_date": new.target.due_date,
                "outcome": new.doc.outcome,
                "status": (Status.COMPLETE if complete else Status.NOT_STARTED).value,
                "completed_on": None,
                "created_at": ctx.now,
                # The plan's "Implemented": signed off by the plan itself.
                "signoff": Signoff.SIGNED_OFF.value if complete else None,
                "signed_off_by": IMPORTER if complete else None,
            }
        )
    # Core executemany on the tables (the ORM's bulk insert splits rows into many small
    # batches by which values are None) without RETURNING (SQLAlchemy splices RETURNING
    # batches in quadratic time), then the ids in one SELECT.
    ctx.session.execute(insert(ACTION_TABLE), rows)
    found = ctx.session.execute(
        select(Action.ref, Action.id).where(Action.review_id == ctx.review.id)
    )
    ids = {ref: action_id for ref, action_id in found}
    history = []
    for row, new in zip(rows, ctx.new.values(), strict=True):
        action_id = ids[str(row["ref"])]
        complete = new.target.kind is TargetKind.COMPLETE
        note = "Imported from the plan" + (
            f"; the plan records it as {new.doc.target!r}" if complete else ""
        )
        history.append(
            {
                "action_id": action_id,
                "user_id": IMPORTER,
                "created_at": ctx.now,
                "source": IMPORTER,
                "status_before": None,
                "status_after": row["status"],
                "note": note,
                "due_date_before": None,
                "new_due_date": row["due_date"],
                "completed_on": None,
                "owner_before": None,
                "owner_after": new.doc.owner,
                "delivering_after": new.delivering.id,
            }
        )
    ctx.session.execute(insert(UPDATE_TABLE), history)


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


def record_plan_decision(
    rec: Recommendation, decision: str, rationale: str, *, now: datetime, session: Session
) -> None:
    """Append the plan file's decision on a recommendation unless it is already the latest."""
    latest = assurance_repo.latest_decisions([rec.id], session=session).get(rec.id)
    if latest is not None and (latest.decision, latest.rationale) == (decision, rationale):
        return
    assurance_repo.add_decision(
        rec, decision, rationale, user_id=IMPORTER, source=IMPORTER, now=now, session=session
    )
