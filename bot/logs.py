"""Logging, configured once: ids in messages, and database errors without their values."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from sqlalchemy.exc import DBAPIError, StatementError

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def _chain(error: BaseException | None) -> list[BaseException]:
    found: list[BaseException] = []
    while error is not None and error not in found:
        found.append(error)
        error = error.__cause__ or error.__context__
    return found


class SafeFormatter(logging.Formatter):
    """Format tracebacks as usual, except that a database error keeps only its kind.

    A driver's message can quote the failing row (PostgreSQL's "Failing row contains
    (...)", "Key (...)=(...)"), and rows hold case notes and evidence.
    """

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:
        """Return the traceback, with database errors reduced to their class and statement."""
        _, error, tb = ei
        chain = _chain(error)
        if not any(isinstance(e, StatementError) for e in chain):
            return super().formatException(ei)
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(tb)]
        for item in chain:
            if isinstance(item, DBAPIError):
                driver = type(item.orig).__name__ if item.orig is not None else "unknown"
                lines.append(f"{type(item).__name__} ({driver}) in: {item.statement}\n")
            elif isinstance(item, StatementError):
                lines.append(f"{type(item).__name__} in: {item.statement}\n")
            else:
                lines.append(f"{type(item).__name__}\n")
        return "".join(lines).rstrip("\n")


def configure_logging(level: int = logging.INFO) -> None:
    """Send logs to standard error through the safe formatter (call once, at an entry point)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "urllib3", "slack_sdk.web.base_client"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
