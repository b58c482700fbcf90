"""Store a plan's review, agencies and recommendations, adding to what is there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.assurance_state import IMPORTER
from bot.plans.document import AgencyDoc, PlanDocument, RecommendationDoc
from bot.plans.import_context import ImportContext, agency
from bot.themes import theme_for
from storage.models import Recommendation, Review
from storage.repositories import access, people, reviews
from storage.repositories import assurance as assurance_repo


def upsert_review(plan: PlanDocument, *, session: Session, now: datetime) -> Review:
    """Create the plan's review or update its details, keeping any the file leaves out."""
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


def upsert_agency(ctx: ImportContext, doc: AgencyDoc) -> None:
    """Store an agency of the plan with its leads and members.

    An agency is the partnership's, shared by every review that names its code: a new name
    or new people reach the other reviews too, so the report says so.
    """
    stored = agency(ctx, doc.code, doc.name)
    if doc.name and stored.name != doc.name:
        ctx.report.changed.append(
            f"agency {stored.code} renamed “{stored.name}” → “{doc.name}” "
            "(an agency's name is the same in every review)"
        )
        stored.name = doc.name
    known = {m.user_id: m for m in people.members_of(stored.id, session=ctx.session)}
    added: list[str] = []
    for role, users in (("lead", doc.leads), ("member", doc.members)):
        for user_id in users:
            membership = known.get(user_id)
            # Re-imports add people; they never demote or remove anyone set up in Slack.
            if membership is None or (role == "lead" and membership.role != "lead"):
                people.set_membership(
                    stored, user_id, role, added_by=None, now=ctx.now, session=ctx.session
                )
                added.append(f"{user_id} ({role})")
    if added:
        _report_people(ctx, stored.id, stored.code, added)


def _report_people(ctx: ImportContext, agency_id: int, code: str, added: list[str]) -> None:
    others = access.reviews_taking_part([agency_id], session=ctx.session) - {ctx.review.id}
    line = f"agency {code}: added {', '.join(added)}"
    if others:
        slugs = ", ".join(reviews.slugs_of(others, session=ctx.session))
        line += f"; they also see the other reviews {code} takes part in: {slugs}"
    ctx.report.changed.append(line)


def upsert_recommendation(ctx: ImportContext, doc: RecommendationDoc) -> Recommendation:
    """Create or update a recommendation and record the plan's decision on it."""
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
