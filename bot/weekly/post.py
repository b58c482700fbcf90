"""Post each review's weekly summary to DHR_SUMMARY_CHANNEL exactly once per week.

Per review: claim the (review, week) row, post the message with a marker, record its ts,
then upload the chart in the message's thread. Any failure is logged with ids, the claim
is released for the next run, and the coordinators get one DM saying what went wrong.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.config import Settings
from bot.messages.kit import context
from bot.messages.summary import summary_blocks, summary_text
from bot.slackclient import single_shot
from bot.weekly import claims
from bot.weekly.chart import chart_png
from bot.weekly.compute import ReviewSummary, compute_summaries
from bot.weekly.notify import notify_coordinators
from storage.db import Database
from storage.models import SummaryRun
from storage.repositories import summaries as repo

logger = logging.getLogger(__name__)

EVENT_TYPE = "dhr_summary"
UNVERIFIED_REASON = (
    "an earlier attempt may have posted it, and the bot could not read the channel's history "
    "to check (Slack answered {codes}), so it did not post again rather than risk a duplicate. "
    "Look in the channel; give the app the history scope for the channel "
    "(groups:history for a private channel) and the next run will check and post it if missing"
)
CHART_MISSING = "The status chart could not be uploaded this week; the figures above are complete."

_CHANNEL_PROBLEMS = {
    "channel_not_found": "the channel {channel} does not exist, or is private and the bot "
    "has not been added to it",
    "not_in_channel": "the bot is not a member of {channel}: invite it with `/invite @DHR`",
    "is_archived": "the channel {channel} is archived",
    "public_channel": "the channel {channel} is public, and the summary names actions and "
    "people in a Domestic Homicide Review. Use a private channel, or set "
    "DHR_ALLOW_PUBLIC_SUMMARY=true if the partnership has agreed to this",
    "no_channel": "no summary channel is configured: set DHR_SUMMARY_CHANNEL to the ID "
    "of a private channel",
}


class PostProblem(Exception):
    """Why a summary cannot be posted; `code` for logs, `reason` for coordinators."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


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


def channel_problem(code: str, channel: str | None) -> PostProblem:
    """Return the problem for a Slack error code about the summary channel."""
    template = _CHANNEL_PROBLEMS.get(code, "Slack answered {code} for the channel {channel}")
    return PostProblem(code, template.format(channel=channel or "(none)", code=code))


def check_channel(client: WebClient, channel: str | None, *, allow_public: bool) -> None:
    """Raise PostProblem unless the bot can post the summary to `channel` confidentially."""
    if not channel:
        raise channel_problem("no_channel", channel)
    try:
        info: dict[str, Any] = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        raise channel_problem(str(exc.response.get("error")), channel) from exc
    except OSError as exc:
        raise PostProblem("slack_unreachable", f"Slack could not be reached ({exc})") from exc
    if info.get("is_archived"):
        raise channel_problem("is_archived", channel)
    public = not info.get("is_private") and not info.get("is_im")
    if public and not allow_public:
        raise channel_problem("public_channel", channel)
    if info.get("is_member") is False:
        raise channel_problem("not_in_channel", channel)


def post_summaries(
    *,
    db: Database,
    client: WebClient,
    settings: Settings,
    now: datetime,
    review_slug: str | None = None,
    worker: str,
    as_of: datetime | None = None,
    clock: Clock | None = None,
) -> list[PostResult]:
    """Post each review's summary as of `as_of` (default `now`), once per review per week.

    `clock` stamps the claims as they are made (default: `now` plus the time elapsed).
    """
    with db.uow() as session:
        summaries = compute_summaries(
            session=session, as_of=as_of or now, tz=settings.tz, review_slug=review_slug
        )
        week = summaries[0].week_start if summaries else None
        runs = repo.summary_runs(week, session=session) if week else {}
    done = [s for s in summaries if _posted(runs.get(s.review_id))]
    results = [
        PostResult(s.slug, s.week_start, "already_posted", runs[s.review_id].message_ts)
        for s in done
    ]
    pending = [s for s in summaries if s not in done]
    if not pending:
        return results
    try:
        check_channel(
            client, settings.dhr_summary_channel, allow_public=settings.dhr_allow_public_summary
        )
    except PostProblem as problem:
        logger.error(
            "summary channel unusable (%s); %d reviews not posted", problem.code, len(pending)
        )
        _tell(db, client, settings, pending, problem.reason)
        return results + [
            PostResult(s.slug, s.week_start, "failed", error=problem.code) for s in pending
        ]
    clock = clock or claims.elapsed_clock(now)
    poster = _Poster(db, client, str(settings.dhr_summary_channel), worker, clock)
    posted = [poster.post(summary) for summary in pending]
    _tell_failures(db, client, settings, pending, posted)
    return results + posted


def _tell_failures(
    db: Database,
    client: WebClient,
    settings: Settings,
    pending: list[ReviewSummary],
    posted: list[PostResult],
) -> None:
    pairs = list(zip(pending, posted, strict=True))
    failed = [(s, r) for s, r in pairs if r.outcome == "failed" and not r.unverified]
    if failed:
        codes = ", ".join(sorted({str(r.error) for _s, r in failed}))
        reason = f"Slack answered {codes}. The next run will try again"
        _tell(db, client, settings, [s for s, _r in failed], reason)
    unsure = [(s, r) for s, r in pairs if r.unverified]
    if unsure:
        codes = ", ".join(sorted({str(r.error) for _s, r in unsure}))
        _tell(db, client, settings, [s for s, _r in unsure], UNVERIFIED_REASON.format(codes=codes))


def _posted(run: SummaryRun | None) -> bool:
    return run is not None and run.state == repo.POSTED


def _tell(
    db: Database, client: WebClient, settings: Settings, summaries: list[ReviewSummary], reason: str
) -> None:
    slugs = ", ".join(s.slug for s in summaries[:20])
    more = f" and {len(summaries) - 20} more" if len(summaries) > 20 else ""
    week = summaries[0].week_start
    text = (
        f":warning: The DHR weekly summary for {slugs}{more} (week of {week:%d %b %Y}) "
        f"was not posted: {reason}."
    )
    notify_coordinators(db, client, settings, text)


class _Poster:
    """Posts one review's summary at a time under its claim."""

    def __init__(self, db: Database, client: WebClient, channel: str, worker: str, clock: Clock):
        self.db, self.client, self.channel, self.worker = db, client, channel, worker
        self.clock = clock
        self.once = single_shot(client)

    def post(self, summary: ReviewSummary) -> PostResult:
        """Claim, post and record one summary; never post it twice."""
        claim = claims.acquire(
            self.db,
            SummaryRun,
            insert=partial(_insert, summary, self.worker),
            lookup=partial(_lookup, summary),
            worker=self.worker,
            clock=self.clock,
        )
        if claim.outcome is claims.Outcome.DONE:
            return self._result(summary, "already_posted", ts=claim.ts)
        if claim.outcome is claims.Outcome.BUSY or claim.run_id is None:
            return self._result(summary, "busy")
        if claim.outcome is claims.Outcome.TAKEN_OVER:
            try:
                ts = self._find(summary)
            except claims.HistoryUnreadable as exc:
                return self._unverified(summary, claim.run_id, exc.code)
            if ts:
                return self._recovered(summary, claim.run_id, ts)
        return self._send(summary, claim.run_id)

    def _recovered(self, summary: ReviewSummary, run_id: int, ts: str) -> PostResult:
        claims.mark_done(self.db, SummaryRun, run_id, channel=self.channel, ts=ts, now=self.clock())
        logger.info("summary for review %s found already posted (%s)", summary.review_id, ts)
        return self._result(summary, "recovered", ts=ts)

    def _unverified(self, summary: ReviewSummary, run_id: int, code: str) -> PostResult:
        # Unknown whether it went out: a missing summary is better than a duplicate.
        logger.error("summary for review %s not posted: history unreadable", summary.review_id)
        claims.release(self.db, SummaryRun, run_id, error=claims.unverified(code))
        return self._result(summary, "failed", error=code, unverified=True)

    def _find(self, summary: ReviewSummary) -> str | None:
        # A day's margin covers any time zone; the marker, not the window, identifies it.
        oldest = datetime.combine(summary.week_start, time(), tzinfo=UTC) - timedelta(days=1)
        return claims.look_for(self.client, self.channel, summary.key, oldest=oldest)

    def _send(self, summary: ReviewSummary, run_id: int) -> PostResult:
        try:
            response = self.once.chat_postMessage(
                channel=self.channel,
                text=summary_text(summary),
                blocks=summary_blocks(summary),
                metadata=claims.metadata(EVENT_TYPE, summary.key),
                unfurl_links=False,
            )
        except (SlackApiError, OSError) as exc:
            return self._failed(summary, run_id, exc)
        ts, channel = str(response["ts"]), str(response.get("channel") or self.channel)
        claims.mark_done(self.db, SummaryRun, run_id, channel=channel, ts=ts, now=self.clock())
        logger.info("summary for review %s posted to %s (%s)", summary.review_id, channel, ts)
        chart = self._chart(summary, channel, ts)
        return self._result(summary, "posted", ts=ts, chart=chart)

    def _failed(self, summary: ReviewSummary, run_id: int, exc: Exception) -> PostResult:
        code = claims.error_code(exc)
        # A timeout or 5xx may have reached Slack before failing: look before releasing.
        if claims.may_have_posted(exc):
            try:
                ts = self._find(summary)
            except claims.HistoryUnreadable as unreadable:
                return self._unverified(summary, run_id, f"{code}, then {unreadable.code}")
            if ts:
                return self._recovered(summary, run_id, ts)
        logger.error("summary for review %s not posted: %s", summary.review_id, code)
        claims.release(self.db, SummaryRun, run_id, error=code)
        return self._result(summary, "failed", error=code)

    def _chart(self, summary: ReviewSummary, channel: str, ts: str) -> bool:
        try:
            self.client.files_upload_v2(
                channel=channel,
                thread_ts=ts,
                content=chart_png(summary),
                filename=f"{summary.slug}-status-{summary.today.isoformat()}.png",
                title=f"{summary.slug}: status by agency",
            )
            return True
        except (SlackApiError, OSError) as exc:
            logger.warning(
                "chart for review %s not uploaded: %s", summary.review_id, claims.error_code(exc)
            )
        try:
            blocks = summary_blocks(summary)
            blocks.insert(-1, context(CHART_MISSING))
            self.client.chat_update(
                channel=channel, ts=ts, text=summary_text(summary), blocks=blocks
            )
        except (SlackApiError, OSError) as exc:
            logger.warning(
                "summary %s could not say the chart is missing: %s", ts, claims.error_code(exc)
            )
        return False

    def _result(self, summary: ReviewSummary, outcome: str, **fields: Any) -> PostResult:
        return PostResult(summary.slug, summary.week_start, outcome, **fields)


def _insert(summary: ReviewSummary, worker: str, session: Any, now: datetime) -> SummaryRun:
    return repo.insert_summary_claim(
        summary.review_id, summary.week_start, worker=worker, now=now, session=session
    )


def _lookup(summary: ReviewSummary, session: Any) -> SummaryRun | None:
    return repo.get_summary_run(summary.review_id, summary.week_start, session=session)
