"""Plans in and out: import, export rows and the list of reviews, for Slack and the CLI."""

from __future__ import annotations

import logging

from bot.clock import local_day
from bot.errors import NotFound
from bot.permissions import Operation
from bot.plans.document import PlanDocument
from bot.plans.export import PlanRow, UnknownReview, plan_rows
from bot.plans.importer import ImportReport, import_plan
from bot.roles import authorize
from bot.services.context import ServiceContext
from bot.services.recurring import recurring_lessons
from storage.repositories import reviews

logger = logging.getLogger(__name__)


class PlanService:
    """Import and export of action plans.

    Methods without a `user_id` serve trusted operators (the CLI, the console): they run
    on the server itself, where Slack permissions do not apply.
    """

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def review_slugs(self) -> list[str]:
        """Return every review's slug."""
        with self.ctx.db.uow() as session:
            return [r.slug for r in reviews.list_reviews(session=session)]

    def import_plan(self, plan: PlanDocument, notes: tuple[str, ...] = ()) -> ImportReport:
        """Create or update a review from a plan document, keeping every update and evidence."""
        now = self.ctx.clock()
        with self.ctx.db.uow() as session:
            report = import_plan(
                plan,
                session=session,
                now=now,
                today=local_day(now, self.ctx.settings.tz),
                notes=notes,
            )
            review = reviews.get_review(report.review, session=session)
            if review is not None:
                report.recurring = recurring_lessons(review.id, session=session)
            return report

    def seed(self, plan: PlanDocument) -> bool:
        """Import `plan` only when no review exists yet; tell whether it was imported."""
        now = self.ctx.clock()
        with self.ctx.db.uow() as session:
            if reviews.list_reviews(session=session):
                return False
            import_plan(plan, session=session, now=now, today=local_day(now, self.ctx.settings.tz))
            return True

    def rows(self, slug: str) -> list[PlanRow]:
        """Return a review's plan rows, or raise NotFound naming the known reviews."""
        with self.ctx.db.uow() as session:
            try:
                return plan_rows(
                    slug, session=session, now=self.ctx.clock(), tz=self.ctx.settings.tz
                )
            except UnknownReview:
                known = ", ".join(r.slug for r in reviews.list_reviews(session=session))
                raise NotFound(f"No review {slug!r}. Known reviews: {known or 'none'}.") from None

    def export_rows(self, user_id: str, slug: str | None) -> tuple[str, list[PlanRow]]:
        """Return a review's plan rows for export (coordinators only)."""
        with self.ctx.db.uow() as session:
            authorize(self.ctx.actor(user_id, session=session), Operation.EXPORT)
            known = [r.slug for r in reviews.list_reviews(session=session)]
            if slug is None and len(known) == 1:
                slug = known[0]
            if slug is None or slug not in known:
                raise NotFound(f"Say which review to export: {', '.join(known) or 'none yet'}.")
            rows = plan_rows(slug, session=session, now=self.ctx.clock(), tz=self.ctx.settings.tz)
            return slug, rows
