"""`/dhr pack [REF…]` and `/dhr report`: files for coordinators, sent by DM."""

from __future__ import annotations

import logging

from bot.messages.kit import counted
from handlers.commands.request import CommandRequest

logger = logging.getLogger(__name__)


def pack(req: CommandRequest) -> None:
    """Build the evidence pack(s) and upload each to the caller's DM with the app."""
    built = req.services.packs.build_for(req.user_id, tuple(req.words))
    dm = req.client.conversations_open(users=req.user_id)["channel"]["id"]
    for one in built:
        req.client.files_upload_v2(
            channel=dm,
            content=one.content,
            filename=one.filename,
            title=f"Evidence pack — {one.slug}",
            initial_comment=(
                f"The {one.slug} evidence pack: {counted(one.actions, 'action')}, "
                f"{counted(one.files, 'evidence file')}. Open index.html (or pack.pdf) inside "
                "the ZIP."
            ),
        )
        logger.info("pack of review %s sent to %s", one.slug, req.user_id)
    names = ", ".join(one.slug for one in built)
    req.reply(f":package: The evidence pack ({names}) is in your DMs with me.")


def report(req: CommandRequest) -> None:
    """Build the board report (PDF, or XLSX with `/dhr report xlsx`) and send it by DM."""
    fmt = "xlsx" if req.words[:1] == ["xlsx"] else "pdf"
    built = req.services.reports.build_for(req.user_id, fmt)
    dm = req.client.conversations_open(users=req.user_id)["channel"]["id"]
    req.client.files_upload_v2(
        channel=dm,
        content=built.content,
        filename=built.filename,
        title="Board report",
        initial_comment=f"The board report: {built.reviews} open reviews.",
    )
    logger.info("board report sent to %s", req.user_id)
    req.reply(":bar_chart: The board report is in your DMs with me.")
