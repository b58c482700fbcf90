"""`/dhr mine`, `overdue`, `due`: lists of actions, paged."""

from __future__ import annotations

from handlers.commands.request import CommandRequest
from handlers.support import list_page


def mine(req: CommandRequest) -> None:
    """List the caller's actions."""
    req.reply(*list_page(req.services, req.user_id, "mine"))


def overdue(req: CommandRequest) -> None:
    """List every overdue action."""
    req.reply(*list_page(req.services, req.user_id, "overdue"))


def due(req: CommandRequest) -> None:
    """List actions due in the next 30 days."""
    req.reply(*list_page(req.services, req.user_id, "due"))
