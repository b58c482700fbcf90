"""The board report across reviews, for coordinators (Slack) and operators (the CLI)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from bot.errors import UserFacingError
from bot.permissions import Operation
from bot.report.model import BoardReport
from bot.roles import authorize
from bot.services.context import ServiceContext
from bot.services.report_data import board_report

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 91  # a quarter: boards meet quarterly


class BadRange(UserFacingError):
    """The report's period runs backwards."""


@dataclass(frozen=True)
class BuiltReport:
    """The board report as a file: its name, bytes and how many reviews it covers."""

    filename: str
    content: bytes
    reviews: int


def period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """Return the report's first and last day; BadRange when the first is after the last."""
    last = end or today
    first = start or last - timedelta(days=DEFAULT_DAYS)
    if first > last:
        raise BadRange(
            f"The period runs backwards: from {first.isoformat()} is after to "
            f"{last.isoformat()}. Give the earlier date as --from. Nothing was written."
        )
    return first, last


def render(report: BoardReport, fmt: str) -> bytes:
    """Return the report in `fmt` (xlsx or pdf)."""
    from bot.report.write import write_pdf, write_xlsx  # charts and workbooks: loaded here only

    if fmt == "xlsx":
        return write_xlsx(report)
    if fmt == "pdf":
        return write_pdf(report)
    raise UserFacingError(f"The report is written as .xlsx or .pdf, not {fmt!r}.")


class ReportService:
    """The board report: open reviews, themes across them, the longest overdue, charts."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def gather(self, start: date | None = None, end: date | None = None) -> BoardReport:
        """Return the report's data for the period (default: the quarter to today)."""
        first, last = period(start, end, self.ctx.today())
        with self.ctx.db.uow() as session:
            return board_report(start=first, end=last, tz=self.ctx.settings.tz, session=session)

    def build(self, fmt: str, start: date | None = None, end: date | None = None) -> BuiltReport:
        """Build the report file for a trusted operator (the CLI)."""
        report = self.gather(start, end)
        content = render(report, fmt)
        logger.info("board report built: %d reviews, %s", len(report.reviews), fmt)
        return BuiltReport(
            filename=f"board-report-{report.end.isoformat()}.{fmt}",
            content=content,
            reviews=len(report.reviews),
        )

    def build_for(self, user_id: str, fmt: str = "pdf") -> BuiltReport:
        """Build the report `/dhr report` asks for: coordinators only, checked first."""
        with self.ctx.db.uow() as session:
            authorize(self.ctx.actor(user_id, session=session), Operation.EXPORT)
        return self.build(fmt)
