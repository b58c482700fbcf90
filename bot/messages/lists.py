"""Lists of actions, paged within Slack's 50-block limit, each with an Update button."""

from __future__ import annotations

import json

from bot.messages.common import Block, action_line, button, context, escape, section
from bot.readmodel.actions import ActionPage
from bot.readmodel.home import AgencyView

# Each list's title and what it says when empty; `{arg}` is the list's argument.
TITLES = {
    "mine": ("Your actions", "You have no actions. Agency leads also see their agency's."),
    "overdue": ("Overdue actions", "Nothing is overdue."),
    "due": ("Due in the next 30 days", "Nothing is due in the next 30 days."),
    "agency": ("Actions of {arg}", "This agency has no actions."),
}


def page_of(found: ActionPage, kind: str, arg: str = "") -> tuple[str, list[Block]]:
    """Return the fallback text and blocks of one page of a list of actions."""
    title, empty = TITLES[kind]
    title = title.format(arg=escape(arg))
    return f"{title}: {found.total}", action_list(title, found, kind=kind, arg=arg, empty=empty)


def agency_page(found: AgencyView) -> tuple[str, list[Block]]:
    """Return the fallback text and blocks of `/dhr agency CODE`: its people, then its actions."""
    leads = ", ".join(f"<@{u}>" for u in found.leads) or "none"
    members = ", ".join(f"<@{u}>" for u in found.members) or "none"
    text, blocks = page_of(found.actions, "agency", found.code)
    name = f"*{escape(found.code)}* — {escape(found.name)}"
    blocks.insert(0, section(f"{name}\nLeads: {leads}\nMembers: {members}"))
    return text, blocks[:50]


def action_list(
    title: str,
    found: ActionPage,
    *,
    kind: str,
    arg: str = "",
    empty: str = "Nothing here.",
) -> list[Block]:
    """Return one page of actions; a "Show more" button carries the next page's number."""
    page, pages = found.page, found.pages
    summary = f"*{title}* — {found.total} action{'s' if found.total != 1 else ''}"
    if found.overdue:
        summary += f", {found.overdue} overdue"
    blocks: list[Block] = [section(summary)]
    if not found.total:
        blocks.append(context(empty))
    blocks += action_rows(found)
    if pages > 1:
        blocks.append(context(f"Page {page + 1} of {pages}"))
        buttons = []
        if page > 0:
            # Slack refuses two elements with one action_id in a block (invalid_blocks).
            buttons.append(button("Previous", "list_page_previous", _page(kind, arg, page - 1)))
        if page + 1 < pages:
            buttons.append(button("Show more", "list_page", _page(kind, arg, page + 1)))
        blocks.append({"type": "actions", "block_id": "paging", "elements": buttons})
    return blocks


READ_ONLY_HINT = (
    "Only an action's owner, a lead of its agency or a coordinator can update it; anyone in "
    "its agency can add evidence: `/dhr evidence REF link-or-note`."
)


def action_rows(found: ActionPage) -> list[Block]:
    """Return a section per action, with Update only where the viewer may update it."""
    blocks: list[Block] = []
    for view in found.views:
        if view.id in found.updatable:
            blocks.append(section(action_line(view), button("Update", "open_update", str(view.id))))
        else:
            blocks.append(section(action_line(view)))
    if any(view.id not in found.updatable for view in found.views):
        blocks.append(context(READ_ONLY_HINT))
    return blocks


def _page(kind: str, arg: str, page: int) -> str:
    return json.dumps({"k": kind, "a": arg, "p": page}, separators=(",", ":"))


def read_page(value: str) -> tuple[str, str, int]:
    """Decode a "Show more" button's value into (list kind, argument, page)."""
    data = json.loads(value)
    kind, arg, page = data["k"], data.get("a", ""), int(data["p"])
    if kind not in TITLES or not isinstance(arg, str) or not 0 <= page < 10_000:
        raise ValueError("not a page of a list")
    return kind, arg, page
