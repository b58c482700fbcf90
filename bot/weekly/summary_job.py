"""Post each review's weekly summary to DHR_SUMMARY_CHANNEL exactly once per week.

Per review: the sender claims the (review, week) row, posts the message with a marker
and records its ts; then the chart goes up in the message's thread. Any failure is
logged with ids, the claim is released for the next run, and the coordinators get one
DM saying what went wrong.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk.errors import SlackApiError

from bot.dates.calendar import for_people
from bot.messages.kit import context
from bot.messages.summary import summary_blocks, summary_fallback
from bot.readmodel.summary import ReviewSummary
from bot.weekly.channel import PostProblem, check_channel
from bot.weekly.claims import STALE_CLAIM
from bot.weekly.compute import compute_summaries
from bot.weekly.context import JobContext
from bot.weekly.history import error_code
from bot.weekly.sender import Delivery, Message, Sender, Sent
from storage.models import SummaryRun
from storage.repositories import claims as repo

logger = logging.getLogger(__name__)

EVENT_TYPE = "dhr_summary"
UNVERIFIED_REASON = (
    "an earlier attempt may have posted it, and the bot could not read the channel's history "
    "to check (Slack answered {codes}), so it did not post again rather than risk a duplicate. "
    "Look in the channel; give the app the history scope for the channel "
    "(groups:history for a private channel) and the next run will check and post it if missing"
)
CHART_MISSING = "The status chart could not be uploaded this week; the figures above are complete."

# What the sender's delivery means for a summary, in the words the CLI and Slack show.
_OUTCOMES = {
    Delivery.SENT: "posted",
    Delivery.RECOVERED: "recovered",
    Delivery.ALREADY: "already_posted",
    Delivery.BUSY: "busy",
    Delivery.FAILED: "failed",
    Delivery.UNVERIFIED: "failed",
    Delivery.ERROR: "failed",
}
INTERNAL = "internal error"
ERROR_REASON = (
    "the bot hit an error ({refs}; the logs say more). If it did go out, the next run "
    "finds it in the channel and does not post it again; otherwise it posts it then"
)
BUSY_REASON = (
    "another process claimed it and had neither posted it nor given it up after "
    "{minutes} minutes. The next run will check the channel and post it if missing"
)


@dataclass(frozen=True)
class PostResult:
    """What happened to one review's summary for one week."""

    review: str
    week_start: date
    outcome: str  # posted, recovered, already_posted, busy, failed
    ts: str | None = None
    error: str | None = None
    chart: bool = False
    unverified: bool = False  # failed, and Slack could not tell whether it went out


def post_summaries(
    ctx: JobContext, *, review_slug: str | None = None, as_of: datetime | None = None
) -> list[PostResult]:
    """Post each review's summary as of `as_of` (default the run's `now`), once per week."""
    with ctx.db.uow() as session:
        summaries = compute_summaries(
            session=session, as_of=as_of or ctx.now, tz=ctx.tz, review_slug=review_slug
        )
        week = summaries[0].week_start if summaries else None
        runs = repo.claims_of_week(SummaryRun, week, session=session) if week else {}
    done = {
        s.review_id: run
        for s in summaries
        if (run := runs.get(s.review_id)) is not None and run.state == repo.POSTED
    }
    results = [
        PostResult(s.slug, s.week_start, "already_posted", done[s.review_id].message_ts)
        for s in summaries
        if s.review_id in done
    ]
    pending = [s for s in summaries if s.review_id not in done]
    if not pending:
        return results
    settings = ctx.settings
    try:
        check_channel(
            ctx.client,
            settings.dhr_summary_channel,
            allow_public=settings.dhr_allow_public_summary,
            allow_shared=settings.dhr_allow_shared_summary,
        )
    except PostProblem as problem:
        logger.error(
            "summary channel unusable (%s); %d reviews not posted", problem.code, len(pending)
        )
        _tell(ctx, pending, problem.reason)
        return results + [
            PostResult(s.slug, s.week_start, "failed", error=problem.code) for s in pending
        ]
    channel = str(settings.dhr_summary_channel)
    # Each review on its own: one failure is logged and reported, the rest still go out.
    sent = Sender(ctx).send_all([_message(summary, channel) for summary in pending])
    posted = [_result(ctx, s, one) for s, one in zip(pending, sent, strict=True)]
    _tell_failures(ctx, pending, posted)
    return results + posted


def _result(ctx: JobContext, summary: ReviewSummary, sent: Sent) -> PostResult:
    chart = False
    if sent.delivery is Delivery.SENT:
        try:
            chart = _chart(ctx, summary, _where(sent))
        except Exception:  # the summary is posted: a broken chart must not stop the others
            logger.exception("chart for review %s failed", summary.review_id)
    return PostResult(
        summary.slug,
        summary.week_start,
        _OUTCOMES[sent.delivery],
        ts=sent.ts,
        error=sent.error,
        chart=chart,
        unverified=sent.delivery is Delivery.UNVERIFIED,
    )


def _message(summary: ReviewSummary, channel: str) -> Message:
    return Message(
        model=SummaryRun,
        subject=summary.review_id,
        week=summary.week_start,
        marker=summary.key,
        event_type=EVENT_TYPE,
        to=channel,
        text=summary_fallback(summary),
        blocks=summary_blocks(summary),
        label=f"summary for review {summary.review_id}",
        unfurl_links=False,
    )


def _where(sent: Sent) -> tuple[str, str]:
    assert sent.channel is not None and sent.ts is not None
    return sent.channel, sent.ts


def _chart(ctx: JobContext, summary: ReviewSummary, where: tuple[str, str]) -> bool:
    # matplotlib costs a web worker ~0.5 s and ~40 MB: load it only when a chart is drawn.
    from bot.weekly.chart import chart_png

    channel, ts = where
    try:
        ctx.client.files_upload_v2(
            channel=channel,
            thread_ts=ts,
            content=chart_png(summary),
            filename=f"{summary.slug}-status-{summary.today.isoformat()}.png",
            title=f"{summary.slug}: status by agency",
        )
        return True
    except (SlackApiError, OSError) as exc:
        logger.warning("chart for review %s not uploaded: %s", summary.review_id, error_code(exc))
    try:
        blocks = summary_blocks(summary)
        blocks.insert(-1, context(CHART_MISSING))
        ctx.client.chat_update(
            channel=channel, ts=ts, text=summary_fallback(summary), blocks=blocks
        )
    except (SlackApiError, OSError) as exc:
        logger.warning("summary %s could not say the chart is missing: %s", ts, error_code(exc))
    return False


def _internal(result: PostResult) -> bool:
    return result.outcome == "failed" and str(result.error).startswith(INTERNAL)


def _tell_failures(ctx: JobContext, pending: list[ReviewSummary], posted: list[PostResult]) -> None:
    pairs = list(zip(pending, posted, strict=True))
    errors = [(s, r) for s, r in pairs if _internal(r)]
    if errors:
        refs = ", ".join(str(r.error) for _s, r in errors)
        _tell(ctx, [s for s, _r in errors], ERROR_REASON.format(refs=refs))
    busy = [s for s, r in pairs if r.outcome == "busy"]
    if busy:
        minutes = int(STALE_CLAIM.total_seconds() // 60)
        _tell(ctx, busy, BUSY_REASON.format(minutes=minutes))
    failed = [
        (s, r) for s, r in pairs if r.outcome == "failed" and not r.unverified and not _internal(r)
    ]
    if failed:
        codes = ", ".join(sorted({str(r.error) for _s, r in failed}))
        reason = f"Slack answered {codes}. The next run will try again"
        _tell(ctx, [s for s, _r in failed], reason)
    unsure = [(s, r) for s, r in pairs if r.unverified]
    if unsure:
        codes = ", ".join(sorted({str(r.error) for _s, r in unsure}))
        _tell(ctx, [s for s, _r in unsure], UNVERIFIED_REASON.format(codes=codes))


def _tell(ctx: JobContext, summaries: list[ReviewSummary], reason: str) -> None:
    slugs = ", ".join(s.slug for s in summaries[:20])
    more = f" and {len(summaries) - 20} more" if len(summaries) > 20 else ""
    week = summaries[0].week_start
    text = (
        f":warning: The DHR weekly summary for {slugs}{more} (week of {for_people(week)}) "
        f"was not posted: {reason}."
    )
    ctx.tell_coordinators(text)
