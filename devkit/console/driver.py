"""Drive the real Bolt app with signed requests, and wait for everything it sends to Slack.

Listeners ack in the request thread and submit their work to the app's pool before the
request is answered, so every request ends by waiting until that pool is idle: then all of
the app's Web API calls have been recorded and the console prints them in a fixed order.
The pool's executor is handed over through `create_app(listener_executor=...)` (see
`tracking_executor`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from devkit.console.blocks import Control
from devkit.localslack.payloads import (
    app_home_opened_event,
    block_actions_payload,
    event_body,
    interaction_body,
    slash_command_body,
    view_submission_payload,
)
from devkit.localslack.server import Call, LocalSlack
from devkit.localslack.signing import sign

P = ParamSpec("P")
T = TypeVar("T")

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
QUIET = 0.05
# Bolt's own default pool size when no executor is given.
LISTENER_THREADS = 5


class TrackingExecutor(Executor):
    """Wrap Bolt's executor to know when no listener is running any more."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self._running = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run `fn` on the wrapped executor, counting it until it finishes."""
        with self._idle:
            self._running += 1
        try:
            future = self.inner.submit(fn, *args, **kwargs)
        except BaseException:
            self._done()
            raise
        future.add_done_callback(lambda _: self._done())
        return future

    def _done(self) -> None:
        with self._idle:
            self._running -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing runs; tell whether that happened within `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut the wrapped executor down."""
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)


def tracking_executor() -> TrackingExecutor:
    """Return a listener pool to give both `create_app(listener_executor=...)` and the Driver."""
    return TrackingExecutor(ThreadPoolExecutor(max_workers=LISTENER_THREADS))


class Driver:
    """Send what Slack would send for a user's command, click, Home visit or form.

    `executor` must be the one the app was created with, or the Driver cannot know when
    the app's listeners are done.
    """

    def __init__(
        self,
        app: App,
        slack: LocalSlack,
        *,
        executor: TrackingExecutor,
        secret: str,
        channel: str,
        timeout: float = 60,
    ) -> None:
        self.app = app
        self.slack = slack
        self.secret = secret
        self.channel = channel
        self.timeout = timeout
        self.executor = executor
        self.uploader = WebClient(token="xoxp-console-user", base_url=slack.url)
        self.late = False

    def command(self, user: str, text: str) -> list[Call]:
        """Send `/dhr text` as `user`; return the Web API calls it caused."""
        body = slash_command_body(
            text,
            user_id=user,
            response_url=self.slack.response_url("command"),
            channel_id=self.channel,
            channel_name=self._channel_name(),
        )
        return self._run(body, FORM)[1]

    def press(self, user: str, control: Control) -> list[Call]:
        """Click a button (or choose a menu option) where it was shown."""
        origin = control.origin
        action = _action_payload(control)
        if origin.kind in ("home", "modal"):
            payload = block_actions_payload(action, user_id=user, view=origin.view)
        else:
            payload = block_actions_payload(
                action,
                user_id=user,
                channel_id=origin.channel or self.channel,
                message=origin.message,
                response_url=self.slack.response_url("press"),
            )
        return self._run(interaction_body(payload), FORM)[1]

    def home(self, user: str) -> list[Call]:
        """Open App Home as `user`."""
        event = app_home_opened_event(user)
        return self._run(event_body(event, event_time=int(time.time())), JSON)[1]

    def submit(
        self, user: str, view: dict[str, Any], values: dict[str, Any]
    ) -> tuple[dict[str, Any], list[Call]]:
        """Submit a modal with `values` as its state; return the app's ack body and its calls."""
        title = (view.get("title") or {}).get("text", "")
        payload = view_submission_payload(
            view_id=str(view.get("id", "")),
            callback_id=str(view.get("callback_id", "")),
            user_id=user,
            state_values=values,
            private_metadata=str(view.get("private_metadata", "")),
            blocks=list(view.get("blocks") or []),
            title=title,
            view_hash=str(view.get("hash") or "1700000000.console"),
        )
        response, calls = self._run(interaction_body(payload), FORM)
        try:
            answer = json.loads(response.body) if response.body else {}
        except ValueError:
            answer = {}
        return (answer if isinstance(answer, dict) else {}), calls

    def upload(self, path: Path) -> dict[str, Any]:
        """Upload a file the way Slack's file_input does, returning the file object."""
        response = self.uploader.files_upload_v2(
            file=str(path), filename=path.name, title=path.name
        )
        files = response.get("files") or [response.get("file")]
        file = dict(files[0])
        file.setdefault("url_private", file.get("permalink"))
        return file

    def _channel_name(self) -> str:
        known = self.slack.channels.get(self.channel)
        return str(known["name"]) if known else self.channel.lower()

    def _run(self, body: str, content_type: str) -> tuple[BoltResponse, list[Call]]:
        start = len(self.slack.calls)
        headers: dict[str, str | Sequence[str]] = {
            "Content-Type": content_type,
            **sign(self.secret, body, int(time.time())),
        }
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        if response.status == 401:
            raise RuntimeError("the app refused the console's signature")
        return response, self._settle(start)

    def _settle(self, start: int) -> list[Call]:
        self.late = not self.executor.wait_idle(self.timeout)
        # Bounded: a call in flight outside the pool (none today) gets a short grace.
        deadline = time.monotonic() + 1.0
        seen = len(self.slack.calls)
        while time.monotonic() < deadline:
            time.sleep(QUIET)
            now = len(self.slack.calls)
            if now == seen and self.executor.wait_idle(0):
                break
            seen = now
        return list(self.slack.calls[start:])

    def close(self) -> None:
        """Wait for running listeners, then stop the thread pool."""
        self.executor.wait_idle(self.timeout)
        self.executor.shutdown(wait=True)


def _action_payload(control: Control) -> dict[str, Any]:
    element = control.element
    action: dict[str, Any] = {
        "type": element.get("type", "button"),
        "action_id": element.get("action_id", ""),
        "block_id": control.block_id,
        "action_ts": f"{time.time():.6f}",
    }
    if control.option is not None:
        action["selected_option"] = control.option
    else:
        action["text"] = element.get("text")
        if "value" in element:
            action["value"] = element["value"]
    return action
