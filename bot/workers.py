"""The bounded pool that runs the work after an ack: it refuses work instead of queueing it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

logger = logging.getLogger(__name__)

BUSY_TEXT = "I'm busy right now: please try again in a moment. Nothing was saved."


class WorkPool:
    """Run listeners' work on an executor, at most `capacity` jobs running or waiting."""

    def __init__(self, executor: Executor, capacity: int) -> None:
        self.executor = executor
        self.capacity = max(1, capacity)
        self._pending = 0
        self._lock = threading.Lock()

    def try_submit(self, fn: Callable[..., Any], /, *args: Any) -> bool:
        """Start `fn(*args)` unless the pool is full; tell whether it was started."""
        with self._lock:
            if self._pending >= self.capacity:
                logger.warning("work pool full (%d jobs): refusing a request", self._pending)
                return False
            self._pending += 1
        try:
            future: Future[Any] = self.executor.submit(fn, *args)
        except RuntimeError:  # shutting down
            self._release()
            logger.warning("work pool shut down: refusing a request")
            return False
        future.add_done_callback(self._done)
        return True

    def _done(self, future: Future[Any]) -> None:
        self._release()
        if not future.cancelled() and future.exception() is not None:
            # The work wraps its own errors (handlers.support.reports_errors); this is a bug.
            logger.error("work failed outside its error handler", exc_info=future.exception())

    def _release(self) -> None:
        with self._lock:
            self._pending -= 1


def work_pool(threads: int, queue: int, executor: Executor | None = None) -> WorkPool:
    """Return a pool of `threads` threads (or `executor`) holding at most `queue` waiting jobs."""
    inner = executor or ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="work")
    return WorkPool(inner, capacity=max(1, threads) + max(0, queue))
