"""One action in full: plan text, state, history and evidence."""

from __future__ import annotations

from bot.messages import assurance
from bot.messages.common import (
    Block,
    button,
    clip,
    context,
    divider,
    escape,
    human_date,
    section,
    status_line,
)
from bot.readmodel.detail import ActionDetail, EvidenceView, HistoryEntry
from bot.safety.links import link_host, link_problem
from bot.status import Status

HISTORY_SHOWN = 10
EVIDENCE_SHOWN = 10


def action_detail(detail: ActionDetail) -> list[Block]:
    """Return the blocks of `/dhr show REF`."""
    view = detail.action
    owner = f"<@{view.owner_id}>" if view.owner_id else "nobody yet"
    blocks: list[Block] = [
        section(
            f"*`{view.full_ref}`* {escape(clip(view.text, 1500))}",
            button("Update", "open_update", str(view.id), style="primary"),
        ),
        context(
            f"{status_line(view)} · lead agency {escape(view.agency)}"
            + (f" · delivered by {escape(view.delivering)}" if view.delivered_elsewhere else "")
            + f" · owner {owner} · "
            f"target as written: “{escape(view.target_text) or '—'}”"
        ),
        context(
            f"Recommendation {view.recommendation}: {escape(clip(detail.recommendation_text, 600))}"
        ),
    ]
    if detail.milestones:
        blocks.append(
            section(
                "*Key milestones*\n"
                + "\n".join(f"• {escape(clip(m, 300))}" for m in detail.milestones[:8])
            )
        )
    if detail.outcome:
        blocks.append(section(f"*Expected outcome*\n{escape(clip(detail.outcome, 1000))}"))
    blocks += assurance.detail_blocks(view, detail.assurance)
    blocks.append(divider())
    blocks.append(section(_history(detail.history)))
    blocks.append(section(_evidence(detail.evidence)))
    return blocks


def _history(entries: tuple[HistoryEntry, ...]) -> str:
    if not entries:
        return "*History*\nNo updates yet."
    lines = [_entry(e) for e in entries[-HISTORY_SHOWN:]]
    more = len(entries) - HISTORY_SHOWN
    head = "*History*" + (f" (latest {HISTORY_SHOWN} of {len(entries)})" if more > 0 else "")
    return clip(head + "\n" + "\n".join(reversed(lines)), 3000)


def _entry(entry: HistoryEntry) -> str:
    who = "the plan import" if entry.source == "import" else f"<@{entry.user_id}>"
    change = Status(entry.status_after).label
    if entry.status_before and entry.status_before != entry.status_after:
        change = f"{Status(entry.status_before).label} → {change}"
    extra = ""
    if entry.completed_on:
        extra += f", completed {human_date(entry.completed_on)}"
    if entry.new_due_date and entry.source != "import":
        extra += f", new target {human_date(entry.new_due_date)}"
    note = f" — {escape(clip(entry.note, 200))}" if entry.note else ""
    return f"• {human_date(entry.on)} {who}: {change}{extra}{note}"


def _evidence(items: tuple[EvidenceView, ...]) -> str:
    if not items:
        return "*Evidence*\nNone attached yet."
    lines = []
    for item in items[-EVIDENCE_SHOWN:]:
        label = escape(clip(item.description or item.file_name or item.excerpt or item.kind, 80))
        link = _link(item.url, label) if item.url else label
        lines.append(f"• {link} ({item.kind}, <@{item.added_by}>, {human_date(item.on)})")
    return clip(f"*Evidence* ({len(items)})\n" + "\n".join(lines), 3000)


def _link(url: str, label: str) -> str:
    """Return a link that is only a link: its host beside the label; never markup from the URL."""
    if link_problem(url) is not None:
        # Stored before links were checked: show it as text, never as a link.
        return f"{label} ({escape(clip(url, 80))})"
    host = link_host(url)
    return f"<{url}|{label}> ({escape(host)})" if host else f"<{url}|{label}>"
