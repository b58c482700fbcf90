"""The summary as Block Kit and as plain text, within Slack's limits even for 300 actions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from blockkit_limits import assert_within_limits, check_blocks
from bot.messages.kit import context, divider, header
from bot.messages.summary import HOME_POINTER, change_text, summary_blocks, summary_text
from bot.readmodel.summary import Change, ReviewSummary
from bot.weekly.compute import compute_summaries
from helpers import NOW
from plan_builder import Plan

LONDON = ZoneInfo("Europe/London")
DAY = timedelta(days=1)
AGENCIES = tuple(f"AG{i:02d}" for i in range(25))


def _big(session: Session) -> ReviewSummary:
    plan = Plan(session, agencies=AGENCIES)
    for i in range(300):
        action = plan.action(
            f"{i // 10 + 1}.{i % 10 + 1}",
            agency=AGENCIES[i % len(AGENCIES)],
            due=date(2026, 11, 20) + timedelta(days=i % 20),
            owner=f"U0{i % 9}",
            text=("A long action text that <goes> on & on about multi-agency work " * 6),
            target_kind="ongoing" if i % 50 == 0 else "date",
        )
        if i % 2:
            plan.update(
                action,
                at=NOW - (i % 7) * DAY,
                status="complete" if i % 4 == 1 else "at_risk",
                completed_on=date(2026, 11, 24),
            )
    [summary] = compute_summaries(session=session, as_of=NOW, tz=LONDON)
    return summary


def test_300_actions_fit_in_one_message(session: Session) -> None:
    summary = _big(session)
    assert len(summary.completed) > 50 and len(summary.due_soon) > 50
    blocks = summary_blocks(summary)
    assert check_blocks(blocks, surface="message") == []
    assert_within_limits({"channel": "C1", "text": summary_text(summary), "blocks": blocks})
    text = "\n".join(str(b) for b in blocks)
    assert f"and {len(summary.completed) - 8} more" in text
    assert "and 5 more agencies" in text
    assert "&lt;goes&gt;" in text and "<goes>" not in text
    assert len(summary_text(summary)) < 8000


def test_blocks_lead_with_counts_and_carry_the_weekly_marker(session: Session) -> None:
    plan = Plan(session)
    action = plan.action("1.1", owner="U0A")
    plan.update(
        action, at=NOW - DAY, status="complete", user="U0A", completed_on=date(2026, 11, 25)
    )
    plan.action("1.2", due=date(2026, 11, 30))
    [summary] = compute_summaries(session=session, as_of=NOW, tz=LONDON)
    blocks = summary_blocks(summary)
    assert blocks[0] == header("Weekly summary: Domestic Homicide Review - Lily")
    assert blocks[3] == divider()
    assert blocks[-1] == context(HOME_POINTER)
    assert blocks[1]["block_id"] == "dhr-summary:lily:2026-11-23"
    fields = [f["text"] for f in blocks[2]["fields"]]
    assert ":large_blue_circle: *Complete*\n1 ▲1" in fields
    assert "*All actions*\n2" in fields
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    assert any(
        s.startswith("*Completed this week (1)*") and "*lily:1.1*" in s and "<@U0A>" in s
        for s in sections
    )
    assert any(s.startswith("*Due in the next 14 days (1)*") for s in sections)
    assert "Home tab" in blocks[-1]["elements"][0]["text"]


def test_plain_text_reads_like_the_blocks(session: Session) -> None:
    plan = Plan(session)
    action = plan.action("1.1", owner="U0A", agency="Police")
    plan.update(action, at=NOW - DAY, status="blocked", user="U0A")
    [summary] = compute_summaries(session=session, as_of=NOW, tz=LONDON)
    text = summary_text(summary)
    assert text.splitlines()[0] == "Weekly summary: Domestic Homicide Review - Lily"
    assert "review lily · the 7 days to Thu 26 Nov 2026 · changes since" in text
    assert "19 Nov" not in text  # a 7-day window must not read as 19 to 26 Nov (8 days)
    context = str(summary_blocks(summary)[1])
    assert "the 7 days to Thu 26 Nov 2026" in context and "19 Nov" not in context
    assert "Blocked: 1 ▲1" in text
    assert "  lily:1.1 Carry out the action (Police) — Blocked, 1 update by U0A" in text
    assert "Completed this week: none" in text
    assert "  Police: 1 action, 0 complete, 0 overdue, 0 due soon, 0 stale" in text


def test_change_text() -> None:
    assert (change_text(Change(5, 3)), change_text(Change(1, 4)), change_text(Change(2, 2))) == (
        "5 ▲2",
        "1 ▼3",
        "2",
    )


def test_the_last_update_shows_the_partnerships_day_not_the_utc_day(session: Session) -> None:
    plan = Plan(session)
    action = plan.action(
        "1.1", target_kind="ongoing", created=datetime(2026, 6, 1, tzinfo=UTC), owner="U0A"
    )
    plan.update(action, at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC), status="in_progress")
    as_of = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)
    [summary] = compute_summaries(session=session, as_of=as_of, tz=LONDON)
    [line] = summary.ongoing
    assert line.last_update_on == date(2026, 7, 1)  # 00:30 on 1 July in London
    assert "last update Wed 1 Jul 2026" in summary_text(summary)
    assert "last update Wed 1 Jul 2026" in str(summary_blocks(summary))
