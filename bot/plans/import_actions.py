"""Reconcile a plan's actions with the stored ones: a re-import keeps what people recorded."""

from __future__ import annotations

from bot.assurance_state import Kind
from bot.dates.targets import Target, TargetKind
from bot.plans.delivering import detect_delivering
from bot.plans.document import ActionDoc, RecommendationDoc
from bot.plans.import_context import ImportContext, NewAction, agency, record, target, unresolved
from bot.status import Status
from storage.models import Action, Agency, Recommendation


def upsert_action(
    ctx: ImportContext,
    rec: Recommendation,
    rec_doc: RecommendationDoc,
    doc: ActionDoc,
    *,
    position: int,
) -> None:
    """Queue a new action for the bulk insert, or bring a stored one in line with the plan."""
    read = target(ctx, doc.target)
    lead = agency(ctx, doc.lead)
    action = ctx.existing.get(doc.ref)
    if action is None:
        if doc.ref not in ctx.new:
            ctx.report.created.append(doc.ref)
        delivering = _delivering(ctx, rec_doc, doc, lead)
        ctx.new[doc.ref] = NewAction(rec, doc, lead, delivering, read, position)
        if unresolved(read.kind):
            ctx.report.flagged.append(f"{doc.ref}: {read.reason}")
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
    if doc.target != action.target_text or (
        unresolved(action.target_kind) and action.due_date is None
    ):
        # Only a changed target text (or one now understood, e.g. "within six months of
        # publication" once the review has a publication date) moves the due date: a date
        # set by an update stays.
        _retarget(ctx, action, doc.target, read)
    if doc.owner and doc.owner != action.owner_id:
        owner_before, action.owner_id = action.owner_id, doc.owner
        record(
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


def _delivering(
    ctx: ImportContext, rec_doc: RecommendationDoc, doc: ActionDoc, lead: Agency
) -> Agency:
    """Return the agency the plan says does the action; list it to confirm when unsure."""
    if doc.delivered_by:
        return agency(ctx, doc.delivered_by)
    found = detect_delivering(doc.text, ctx.names, ownership=rec_doc.ownership, lead=doc.lead)
    if found.reason:
        ctx.report.to_confirm.append(
            f"{doc.ref}: {found.reason} (kept under {lead.code}; set it with "
            f"`/dhr assign {ctx.review.slug}:{doc.ref} AGENCY`)"
        )
    return agency(ctx, found.code) if found.code else lead


def _redeliver(ctx: ImportContext, action: Action, delivering: Agency) -> None:
    before = action.delivering_agency_id
    if before == delivering.id:
        return
    action.delivering_agency_id = delivering.id
    record(
        ctx,
        action,
        note=f"Delivering agency read from the plan: {delivering.code}",
        delivering_before=before,
        delivering_after=delivering.id,
    )
    ctx.report.changed.append(f"{action.ref}: delivered by {delivering.code}")


def _apply_target(ctx: ImportContext, action: Action, read: Target) -> None:
    action.target_kind = read.kind.value
    action.due_date = read.due_date
    action.target_flag = read.reason if unresolved(read.kind) else None
    if action.target_flag:
        ctx.report.flagged.append(f"{action.ref}: {action.target_flag}")


def _retarget(ctx: ImportContext, action: Action, text: str, read: Target) -> None:
    due_before, kind_before = action.due_date, action.target_kind
    changed = text != action.target_text
    action.target_text = text
    _apply_target(ctx, action, read)
    if read.kind is TargetKind.COMPLETE and action.status != Status.COMPLETE:
        # The import never closes an action itself: a dated update must.
        ctx.report.flagged.append(
            f"{action.ref}: the plan now says {text!r}; record its completion with an update"
        )
    if changed or (action.due_date, action.target_kind) != (due_before, kind_before):
        why = "Target changed in the plan" if changed else "Target now understood"
        record(
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
