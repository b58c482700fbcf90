"""`/dhr mine`, `overdue`, `due`, `agency CODE`: lists of actions, paged."""

from __future__ import annotations

from bot.messages.lists import action_list
from bot.services.service import Tracker
from bot.services.views import ActionView
from handlers.commands.request import CommandRequest

TITLES = {
    "mine": ("Your actions", "You have no actions. Agency leads also see their agency's."),
    "overdue": ("Overdue actions", "Nothing is overdue."),
    "due": ("Due in the next 30 days", "Nothing is due in the next 30 days."),
    "agency": ("Actions of {arg}", "This agency has no actions."),
}


def fetch(tracker: Tracker, user_id: str, kind: str, arg: str) -> tuple[ActionView, ...]:
    """Return the actions of one kind of list."""
    if kind == "mine":
        return tracker.mine(user_id)
    if kind == "overdue":
        return tracker.overdue(user_id)
    if kind == "due":
        return tracker.due(user_id)
    return tracker.agency(user_id, arg).actions


def render(
    tracker: Tracker, user_id: str, kind: str, arg: str = "", page: int = 0
) -> tuple[str, list[dict[str, object]]]:
    """Return the fallback text and blocks of one page of a list."""
    return page_of(fetch(tracker, user_id, kind, arg), kind, arg, page)


def page_of(
    views: tuple[ActionView, ...], kind: str, arg: str = "", page: int = 0
) -> tuple[str, list[dict[str, object]]]:
    """Return the fallback text and blocks of one page of actions already fetched."""
    title, empty = TITLES[kind]
    title = title.format(arg=arg)
    return f"{title}: {len(views)}", action_list(
        title, views, kind=kind, arg=arg, page=page, empty=empty
    )


def mine(req: CommandRequest) -> None:
    """List the caller's actions."""
    req.reply(*render(req.tracker, req.user_id, "mine"))


def overdue(req: CommandRequest) -> None:
    """List every overdue action."""
    req.reply(*render(req.tracker, req.user_id, "overdue"))


def due(req: CommandRequest) -> None:
    """List actions due in the next 30 days."""
    req.reply(*render(req.tracker, req.user_id, "due"))
