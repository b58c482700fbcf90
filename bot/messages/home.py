"""App Home: my actions, my agency's actions, and the plan at a glance."""

from __future__ import annotations

from typing import Any

from bot.messages.assurance import home_blocks
from bot.messages.common import (
    Block,
    context,
    divider,
    escape,
    header,
    section,
)
from bot.messages.kit import counted
from bot.messages.lists import action_rows
from bot.readmodel.actions import ActionPage
from bot.readmodel.home import HomeData, ReviewGlance
from bot.status import RAG_EMOJI, Status


def home_view(data: HomeData) -> dict[str, Any]:
    """Return the Home tab for one person."""
    if not data.actor.registered:
        who = ", ".join(f"<@{c}>" for c in data.coordinators) or "your DHR coordinator"
        blocks: list[Block] = [
            header("DHR action tracker"),
            section(
                "You are not registered with an agency yet, so there is nothing to show. "
                f"Ask {who} to add you."
            ),
        ]
        return {"type": "home", "blocks": blocks}
    blocks = [header("DHR action tracker")]
    blocks += home_blocks(data.awaiting, data.proposals)
    blocks += _actions("Your actions", data.mine, "You own no actions yet.")
    if data.agency.total:
        blocks += _actions("Your agency's actions", data.agency, "")
    blocks.append(divider())
    blocks.append(section("*The plan at a glance*"))
    blocks += [section(_glance(g)) for g in data.reviews[:10]]
    blocks.append(
        context("Type `/dhr help` for every command. Refs look like `1.2` or `review:1.2`.")
    )
    return {"type": "home", "blocks": blocks}


def _actions(title: str, found: ActionPage, empty: str) -> list[Block]:
    overdue = found.overdue
    head = f"*{title}* ({found.total}" + (f", {overdue} overdue)" if overdue else ")")
    blocks: list[Block] = [divider(), section(head)]
    if not found.total:
        blocks.append(context(empty))
    blocks += action_rows(found)
    more = found.total - len(found.views)
    if more > 0:
        blocks.append(context(f"…and {more} more: type `/dhr mine` to page through them."))
    return blocks


def _glance(glance: ReviewGlance) -> str:
    parts = [
        f"{RAG_EMOJI[Status(s).rag]} {Status(s).label}: {n}" for s, n in glance.counts.items() if n
    ]
    overdue = f" · {RAG_EMOJI['red']} overdue: {glance.overdue}" if glance.overdue else ""
    return (
        f"*{escape(glance.title)}* (`{glance.slug}`, {counted(glance.total, 'action')})\n"
        + " · ".join(parts)
        + overdue
    )
