"""`/dhr export [REVIEW] [xlsx|csv]`: the plan as a spreadsheet, sent to the coordinator by DM."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from bot.errors import UserFacingError
from bot.messages.kit import counted
from bot.plans.export import write_file
from handlers.commands.request import CommandRequest

logger = logging.getLogger(__name__)


FORMATS = ("xlsx", "csv")
USAGE = "Usage: `/dhr export [review] [xlsx|csv]`, e.g. `/dhr export lily csv` (XLSX if not said)."
# Words that name a format this command does not make: answered, not read as a review.
_OTHER_FORMATS = ("pdf", "md", "markdown", "doc", "docx", "xls", "json", "html", "zip")


def _arguments(words: list[str]) -> tuple[str | None, str]:
    """Return the review slug (None: the only one) and the format the words ask for."""
    words = list(words)
    fmt = words.pop().lower() if words and words[-1].lower() in FORMATS else "xlsx"
    if any(word.lower().lstrip(".") in _OTHER_FORMATS for word in words):
        raise UserFacingError(
            "I can export the plan as XLSX or CSV. For a PDF, the board report is "
            f"`/dhr report`, and the evidence pack `/dhr pack`. {USAGE}"
        )
    if len(words) > 1:
        raise UserFacingError(USAGE)
    return (words[0] if words else None), fmt


def export(req: CommandRequest) -> None:
    """Build the export (XLSX unless CSV is asked for) and upload it to the caller's DM."""
    wanted, fmt = _arguments(req.words)
    slug, rows = req.services.plans.export_rows(req.user_id, wanted)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{slug}-action-plan.{fmt}"
        write_file(rows, slug, fmt, path)
        dm = req.client.conversations_open(users=req.user_id)["channel"]["id"]
        req.client.files_upload_v2(
            channel=dm,
            file=str(path),
            filename=path.name,
            title=f"Action plan — {slug}",
            initial_comment=f"The {slug} action plan as of today ({counted(len(rows), 'action')}).",
        )
    logger.info("export of review %s sent to %s", slug, req.user_id)
    req.reply(f":outbox_tray: The {slug} plan is in your DMs with me.")
