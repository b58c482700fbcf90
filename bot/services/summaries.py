"""Summaries and reminders as people ask for them in Slack, permission checked first."""

from __future__ import annotations

import os
import socket

from slack_sdk import WebClient

from bot.permissions import Operation
from bot.services.service import Tracker
from bot.weekly.compute import compute_summaries
from bot.weekly.context import JobContext
from bot.weekly.reminder_job import set_reminders
from bot.weekly.summary_data import ReviewSummary
from bot.weekly.summary_job import PostResult, post_summaries


def preview(tracker: Tracker, user_id: str, slug: str | None) -> list[ReviewSummary]:
    """Return this week's summary of one review (or all) for a registered person."""
    with tracker.db.uow() as session:
        tracker.authorize(user_id, session)
        return compute_summaries(
            session=session, as_of=tracker.clock(), tz=tracker.settings.tz, review_slug=slug
        )


def post_now(
    tracker: Tracker, user_id: str, client: WebClient, slug: str | None
) -> list[PostResult]:
    """Post the summary to the channel now (coordinators), still at most once a week."""
    tracker.require(user_id, Operation.POST_SUMMARY)
    ctx = JobContext.start(
        db=tracker.db,
        client=client,
        settings=tracker.settings,
        now=tracker.clock(),
        worker=f"slack:{user_id}@{socket.gethostname()}:{os.getpid()}",
    )
    return post_summaries(ctx, review_slug=slug)


def reminders(tracker: Tracker, user_id: str, enabled: bool) -> None:
    """Turn the caller's weekly reminder DM on or off (any registered person)."""
    with tracker.db.uow() as session:
        tracker.authorize(user_id, session)
        set_reminders(user_id, enabled, session=session, now=tracker.clock())
