"""The weekly summary as Block Kit for the channel and as plain text for terminals and fallbacks.

Long lists are cut to a few lines with "and N more" so a 300-action plan stays within
Slack's limits (50 blocks, 3000 characters a section) and reads in a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from bot.messages.kit import (
    Block,
    context,
    counted,
    divider,
    escape,
    header,
    human_date,
    mrkdwn,
    section,
)
from bot.readmodel.summary import ActionLine, AgencySummary, Change, ReviewSummary
from bot.status import RAG_EMOJI, Status, rag_for

MAX_LINES = 8
MAX_AGENCIES = 20
MAX_TEXT = 70
MAX_HEADER = 150
STATUS_ORDER = (
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.AT_RISK,
    Status.BLOCKED,
    Status.COMPLETE,
)
HOME_POINTER = (
    "Open the app's Home tab for your actions, or type `/dhr show REF` for an action's detail."
)


def change_text(change: Change) -> str:
    """Return a count with its weekly change, like `12 ▲2`, `3 ▼1` or `5`."""
    if change.delta > 0:
        return f"{change.now} ▲{change.delta}"
    if change.delta < 0:
        return f"{change.now} ▼{-change.delta}"
    return str(change.now)


def _day(day: date) -> str:
    return human_date(day)


def _short(text: str, limit: int = MAX_TEXT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _period(summary: ReviewSummary) -> str:
    # period_start is the day a week earlier: "19 Nov to 26 Nov" would read as 8 days.
    days = (summary.today - summary.period_start).days
    return f"the {days} days to {_day(summary.today)}"


def _evidence(count: int) -> str:
    return "no evidence" if count == 0 else f"{count} piece{'s' if count != 1 else ''} of evidence"


# ---------------------------------------------------------------- the lists, one describer each

Describe = Callable[[ActionLine, bool], str]


def _who(ids: Sequence[str], slack: bool) -> str:
    return ", ".join(f"<@{uid}>" if slack else uid for uid in ids) or "someone"


def _completed(line: ActionLine, slack: bool) -> str:
    when = f" on {_day(line.completed_on)}" if line.completed_on else ""
    return f"completed{when} by {_who(line.by, slack)}, {_evidence(line.evidence_count)}"


def _updated(line: ActionLine, slack: bool) -> str:
    times = f"{line.updates} update{'s' if line.updates != 1 else ''}"
    return f"{line.status.label}, {times} by {_who(line.by, slack)}"


def _due(line: ActionLine, slack: bool) -> str:
    owner = f", {_who([line.owner_id], slack)}" if line.owner_id else ", no owner"
    return f"due {_day(line.due_date)}{owner}" if line.due_date else f"no due date{owner}"


def _stale(line: ActionLine, slack: bool) -> str:
    last = f"last update {_day(line.last_update_on)}" if line.last_update_on else "no update yet"
    return f"{line.status.label}, {last}"


def _ongoing(line: ActionLine, slack: bool) -> str:
    return _stale(line, slack)


def _signed(line: ActionLine, slack: bool) -> str:
    owner = f"owner {_who([line.owner_id], slack)}" if line.owner_id else "no owner"
    return f"{owner}, {_evidence(line.evidence_count)}"


def _sections(summary: ReviewSummary) -> list[tuple[str, list[ActionLine], Describe]]:
    extra = summary.assurance
    return [
        ("Completed this week", summary.completed, _completed),
        ("Updated this week", summary.updated, _updated),
        ("Newly overdue", summary.newly_overdue, _due),
        ("Due in the next 14 days", summary.due_soon, _due),
        ("Stale (no update for 28 days)", summary.stale, _stale),
        ("Ongoing", summary.ongoing, _ongoing),
        ("Signed off this week", extra.get("signed_off", []), _signed),
        ("Awaiting sign-off", extra.get("awaiting", []), _signed),
        ("Returned", extra.get("returned", []), _signed),
        ("Re-programmed this week", extra.get("reprogrammed", []), _due),
        ("Assurance overdue", extra.get("assurance_overdue", []), _stale),
    ]


def _dot(line: ActionLine) -> str:
    return RAG_EMOJI[rag_for(line.status, overdue=line.overdue)]


def _list_mrkdwn(title: str, lines: list[ActionLine], describe: Describe) -> str:
    out = [f"*{title} ({len(lines)})*"]
    for line in lines[:MAX_LINES]:
        text = escape(_short(line.text))
        out.append(
            f"{_dot(line)} *{line.full_ref}* {text} ({line.agency}) — {describe(line, True)}"
        )
    if len(lines) > MAX_LINES:
        out.append(f"_…and {len(lines) - MAX_LINES} more_")
    return "\n".join(out)


def _agency_line(agency: AgencySummary) -> str:
    complete = agency.by_status[Status.COMPLETE].now
    return (
        f"{agency.code}: {counted(agency.total.now, 'action')}, {complete} complete, "
        f"{change_text(agency.overdue)} overdue, {agency.due_soon} due soon, {agency.stale} stale"
    )


def _agencies_mrkdwn(agencies: list[AgencySummary]) -> str:
    out = ["*By agency*"]
    out += [f"• {escape(_agency_line(a))}" for a in agencies[:MAX_AGENCIES]]
    if len(agencies) > MAX_AGENCIES:
        out.append(f"_…and {len(agencies) - MAX_AGENCIES} more agencies_")
    return "\n".join(out)


def _count_fields(summary: ReviewSummary) -> list[Block]:
    fields = [
        mrkdwn(
            f"{RAG_EMOJI[status.rag]} *{status.label}*\n{change_text(summary.by_status[status])}"
        )
        for status in STATUS_ORDER
    ]
    fields.append(mrkdwn(f"{RAG_EMOJI['red']} *Overdue*\n{change_text(summary.overdue)}"))
    fields.append(mrkdwn(f"*All actions*\n{change_text(summary.total)}"))
    return fields


def summary_blocks(summary: ReviewSummary) -> list[Block]:
    """Return the summary as Block Kit blocks for a channel message."""
    title = _short(f"Weekly summary: {summary.title or summary.slug}", MAX_HEADER)
    partnership = f"{escape(summary.partnership)} · " if summary.partnership else ""
    about = context(
        f"{partnership}Review `{summary.slug}` · {_period(summary)} "
        "· changes (▲▼) since a week earlier"
    )
    blocks: list[Block] = [
        header(title),
        {**about, "block_id": summary.key},
        {"type": "section", "fields": _count_fields(summary)},
        divider(),
    ]
    for heading, lines, describe in _sections(summary):
        if lines:
            blocks.append(section(_list_mrkdwn(heading, lines, describe)))
    if summary.agencies:
        blocks += [divider(), section(_agencies_mrkdwn(summary.agencies))]
    blocks.append(context(HOME_POINTER))
    return blocks


def _list_text(title: str, lines: list[ActionLine], describe: Describe) -> list[str]:
    out = [f"{title} ({len(lines)})"]
    for line in lines[:MAX_LINES]:
        out.append(
            f"  {line.full_ref} {_short(line.text)} ({line.agency}) — {describe(line, False)}"
        )
    if len(lines) > MAX_LINES:
        out.append(f"  …and {len(lines) - MAX_LINES} more")
    return out


def summary_text(summary: ReviewSummary) -> str:
    """Return the summary as plain text for the terminal and the message's fallback text."""
    out = [
        f"Weekly summary: {summary.title or summary.slug}",
        f"{summary.partnership + ' · ' if summary.partnership else ''}"
        f"review {summary.slug} · {_period(summary)} · changes since a week earlier",
        "",
        "  ".join(
            f"{status.label}: {change_text(summary.by_status[status])}" for status in STATUS_ORDER
        ),
        f"Overdue: {change_text(summary.overdue)}  All actions: {change_text(summary.total)}",
    ]
    for title, lines, describe in _sections(summary):
        out += ["", *_list_text(title, lines, describe)] if lines else ["", f"{title}: none"]
    if summary.agencies:
        out += ["", "By agency"]
        out += [f"  {_agency_line(a)}" for a in summary.agencies[:MAX_AGENCIES]]
        if len(summary.agencies) > MAX_AGENCIES:
            out.append(f"  …and {len(summary.agencies) - MAX_AGENCIES} more agencies")
    return "\n".join(out)


def summary_fallback(summary: ReviewSummary) -> str:
    """Return the summary as a message's `text` (read as mrkdwn by Slack): typed text escaped."""
    return escape(summary_text(summary))
