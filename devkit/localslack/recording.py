"""What LocalSlack records and lets a test arrange: every call, injected faults, waiting.

A mixin over LocalSlack's state; LocalSlack sets these attributes in its __init__.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from devkit.localslack.state import WorkspaceState
from devkit.localslack.wire import Call

logger = logging.getLogger(__name__)

CallListener = Callable[[Call], None]


@dataclass
class Fault:
    """A planned failure (or slow answer) for the next `remaining` calls to one method."""

    method: str
    error: str | None
    status: int
    remaining: int
    retry_after: int
    delay: float


class CallRecorder(WorkspaceState):
    """Record calls, inject faults and wait for calls, over the state LocalSlack holds."""

    calls: list[Call]
    _faults: list[Fault]
    _listeners: list[CallListener]
    _arrived: threading.Condition

    def fail_next(
        self,
        method: str,
        error: str | None = "ratelimited",
        status: int | None = None,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
    ) -> None:
        """Make the next `times` calls to `method` fail (or, with error=None, just be slow).

        status defaults to 429 for "ratelimited" (with a Retry-After header) and 200 otherwise,
        which is how Slack reports most method errors.
        """
        code = status if status is not None else (429 if error == "ratelimited" else 200)
        with self._lock:
            self._faults.append(Fault(method, error, code, times, retry_after, delay))

    def calls_to(self, method: str) -> list[Call]:
        """Return the recorded calls to one method, oldest first."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def clear(self) -> None:
        """Forget calls, messages, uploads, views and pending faults; keep users/channels/files."""
        with self._lock:
            self.calls.clear()
            self.uploads.clear()
            self.ephemerals.clear()
            self.views.clear()
            self.home_views.clear()
            self._faults.clear()
            for history in self.messages.values():
                history.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5) -> list[Call]:
        """Block until `count` calls to `method` have arrived; return them all."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(found := self.calls_to(method)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise TimeoutError(
                        f"waited {timeout}s for {count} call(s) to {method}, got {len(found)}; "
                        f"methods seen: {seen}"
                    )
                self._arrived.wait(remaining)
            return found

    def on_call(self, callback: CallListener) -> Callable[[], None]:
        """Call `callback(call)` for every call as it arrives; return an unsubscribe function."""
        with self._lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    def _take_fault(self, method: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method == method and fault.remaining > 0:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _record(self, call: Call) -> None:
        with self._arrived:
            self.calls.append(call)
            listeners = list(self._listeners)
            self._arrived.notify_all()
        for listener in listeners:
            try:
                listener(call)
            except Exception:
                logger.exception("on_call listener failed for %s", call.method)
