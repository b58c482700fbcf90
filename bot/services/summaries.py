"""Summaries and reminders as people ask for them in Slack, permission checked first."""

from __future__ import annotations

import os
import socket

from slack_sdk import WebClient

from bot.permissions import Operation
from bot.readmodel.summary import ReviewSummary
from bot.roles import authorize
from bot.services.access import visible_review
from bot.services.actions import caller
from bot.services.context import ServiceContext
from bot.weekly.compute import compute_summaries
from bot.weekly.context import JobContext
from bot.weekly.reminder_job import set_reminders
from bot.weekly.summary_job import PostResult, post_summaries


def preview(ctx: ServiceContext, user_id: str, slug: str | None) -> list[ReviewSummary]:
    """Return this week's summary of one review (or all) for a registered person."""
    with ctx.db.uow() as session:
        _actor, visible = caller(ctx, user_id, session=session)
        if slug is not None and visible_review(slug, visible, session=session) is None:
            return []  # a review the caller may not see reads exactly like one that isn't there
        found = compute_summaries(
            session=session, as_of=ctx.clock(), tz=ctx.settings.tz, review_slug=slug
        )
        return [s for s in found if visible.review(s.review_id)]


def post_now(
    ctx: ServiceContext, user_id: str, client: WebClient, slug: str | None
) -> list[PostResult]:
    """Post the summary to the channel now (coordinators), still at most once a week."""
    with ctx.db.uow() as session:
        authorize(ctx.actor(user_id, session=session), Operation.POST_SUMMARY)
    job = JobContext.start(
        db=ctx.db,
        client=client,
        settings=ctx.settings,
        now=ctx.clock(),
        worker=f"slack:{user_id}@{socket.gethostname()}:{os.getpid()}",
    )
    return post_summaries(job, review_slug=slug)


def reminders(ctx: ServiceContext, user_id: str, enabled: bool) -> None:
    """Turn the caller's weekly reminder DM on or off (any registered person)."""
    with ctx.db.uow() as session:
        authorize(ctx.actor(user_id, session=session), Operation.READ)
        set_reminders(user_id, enabled, session=session, now=ctx.clock())
