"""The `/dhr` slash command: ack at once, then route the subcommand on the bounded pool."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.messages.help import help_blocks
from bot.messages.kit import escape
from bot.services import Services
from handlers.commands import actions, assurance, export, lists, pack, people, reviews, summary
from handlers.commands.request import CommandRequest, split
from handlers.support import deferred, reports_errors, text_of

Route = Callable[[CommandRequest], None]


def _help(req: CommandRequest) -> None:
    req.reply("How to use /dhr", help_blocks())


ROUTES: dict[str, Route] = {
    "help": _help,
    "mine": lists.mine,
    "overdue": lists.overdue,
    "due": lists.due,
    "show": actions.show,
    "update": actions.update,
    "evidence": actions.evidence,
    "assign": actions.assign,
    "agency": people.agency,
    "coordinator": people.coordinator,
    "export": export.export,
    "pack": pack.pack,
    "report": pack.report,
    "summary": summary.summary,
    "reminders": summary.reminders,
    "signoff": assurance.signoff,
    "return": assurance.return_,
    "assure": assurance.assure,
    "decision": assurance.decision,
    "review": reviews.review,
    "names": reviews.names,
}


@reports_errors
def run_command(
    command: dict[str, str], respond: Respond, client: WebClient, services: Services
) -> None:
    """Route `/dhr SUBCOMMAND …` to its handler."""
    name, words, rest = split(command.get("text") or "")
    route = ROUTES.get(name)
    req = CommandRequest(
        user_id=text_of(command, "user_id", "a command without a user"),
        channel_id=command.get("channel_id"),
        trigger_id=command.get("trigger_id"),
        words=words,
        rest=rest,
        services=services,
        client=client,
        respond=respond,
    )
    if route is None:
        close = difflib.get_close_matches(name, ROUTES, n=1)
        hint = f" Did you mean `/dhr {close[0]}`?" if close else ""
        shown = escape(name[:30]).replace("`", "'")
        req.reply(
            f"I don't know `/dhr {shown}`.{hint}",
            help_blocks(f"I don't know `/dhr {shown}`.{hint}"),
        )
        return
    route(req)


def register(app: App) -> None:
    """Listen for `/dhr`."""
    app.command("/dhr")(deferred(run_command))
