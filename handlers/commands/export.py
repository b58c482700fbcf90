"""`/dhr export [REVIEW]`: the plan as a spreadsheet, sent to the coordinator by DM."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from bot.plans.export import write_file
from handlers.commands.request import CommandRequest

logger = logging.getLogger(__name__)


def export(req: CommandRequest) -> None:
    """Build the XLSX export and upload it to the caller's DM with the app."""
    slug, rows = req.services.plans.export_rows(req.user_id, req.words[0] if req.words else None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{slug}-action-plan.xlsx"
        write_file(rows, slug, "xlsx", path)
        dm = req.client.conversations_open(users=req.user_id)["channel"]["id"]
        req.client.files_upload_v2(
            channel=dm,
            file=str(path),
            filename=path.name,
            title=f"Action plan — {slug}",
            initial_comment=f"The {slug} action plan as of today ({len(rows)} actions).",
        )
    logger.info("export of review %s sent to %s", slug, req.user_id)
    req.reply(f":outbox_tray: The {slug} plan is in your DMs with me.")
