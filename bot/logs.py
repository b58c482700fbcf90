"""Logging, configured once: ids in messages, and database errors without their values."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from sqlalchemy.exc import DBAPIError, StatementError

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# The project's own loggers; everything else (Alembic, SQLAlchemy, Bolt…) is a library.
OWN = ("bot", "handlers", "storage", "devkit")
# Libraries that log request bodies or connection chatter: WARNING even when verbose,
# because a Web API body carries note text.
NOISY = ("httpx", "urllib3", "slack_sdk.web.base_client")


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


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Write to whatever `sys.stderr` is when a record arrives (a test runner swaps it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        """Return the current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def levels(verbosity: int, *, service: bool) -> tuple[int, int]:
    """Return (own, libraries) levels: libraries at WARNING and ours too unless a service."""
    if verbosity >= 2:
        return logging.DEBUG, logging.DEBUG
    if verbosity == 1:
        return logging.INFO, logging.INFO
    return (logging.INFO if service else logging.WARNING), logging.WARNING


def configure_logging(*, verbosity: int = 0, service: bool = True) -> Callable[[], None]:
    """Send logs to standard error through the safe formatter; return a function that undoes it.

    A service (the web worker, the clock) logs its own INFO lines; a one-off command logs
    only warnings so that it prints what was asked for. `verbosity` 1 adds INFO from
    everything, 2 DEBUG.
    """
    root = logging.getLogger()
    touched = [logging.getLogger(name) for name in (*OWN, *NOISY)]
    saved_handlers = root.handlers[:]
    saved_levels = [(logger, logger.level) for logger in (root, *touched)]

    handler = _StderrHandler()
    handler.setFormatter(SafeFormatter(FORMAT))
    own, libraries = levels(verbosity, service=service)
    root.handlers[:] = [handler]
    root.setLevel(libraries)
    for name in OWN:
        logging.getLogger(name).setLevel(own)
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)

    def undo() -> None:
        root.handlers[:] = saved_handlers
        for logger, level in saved_levels:
            logger.setLevel(level)

    return undo


def log_as_service() -> None:
    """Let the project's own INFO lines through: a command turned into a service's log."""
    for name in OWN:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)
