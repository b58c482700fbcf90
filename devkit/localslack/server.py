"""A local stand-in for the Slack Web API that answers like Slack and records every call.

Point ``slack_sdk.WebClient(base_url=LocalSlack.url)`` at it. Tests and the terminal console
read ``calls`` (or wait for them) instead of mocking the client, so the real request
encoding, retry handlers and timeouts of slack_sdk are exercised.

The HTTP plumbing and request parsing live in ``wire``, the Web API methods in ``methods``,
workspace set-up in ``fixtures`` and recording, faults and waiting in ``recording``; this
module keeps the server's life cycle and routes each HTTP request.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable
from types import TracebackType
from urllib.parse import urlsplit

from devkit.localslack.fixtures import WorkspaceFixtures
from devkit.localslack.methods import WebApiMethods
from devkit.localslack.recording import CallListener, CallRecorder, Fault
from devkit.localslack.wire import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    Args,
    Call,
    Handler,
    HttpServer,
    Reply,
    SlackError,
    Upload,
    parse_body,
)

__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_USER_ID",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "Args",
    "Call",
    "CallListener",
    "Handler",
    "LocalSlack",
    "SlackError",
    "Upload",
    "parse_body",
]


class LocalSlack(WorkspaceFixtures, CallRecorder, WebApiMethods):
    """A threaded HTTP server on 127.0.0.1 speaking the Slack Web API methods the bot uses."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        strict_channels: bool = False,
        team_id: str = TEAM_ID,
        bot_user_id: str = BOT_USER_ID,
    ) -> None:
        self.clock = clock
        self.strict_channels = strict_channels
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.calls: list[Call] = []
        self.uploads: dict[str, Upload] = {}
        self.messages: dict[str, list[Args]] = {}
        self.ephemerals: list[Args] = []
        self.views: dict[str, Args] = {}
        self.home_views: dict[str, Args] = {}
        self.users: dict[str, Args] = {}
        self.channels: dict[str, Args] = {}
        self.files: dict[str, Args] = {}
        self.file_bytes: dict[str, bytes] = {}
        self._faults: list[Fault] = []
        self._listeners: list[CallListener] = []
        self._response_urls: dict[str, str] = {}
        self._lock = threading.RLock()
        self._arrived = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._last_ts_us = 0
        self._server: HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Handler] = self._method_table()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LocalSlack:
        """Start serving on a free port in a daemon thread."""
        if self._server is None:
            self._server = HttpServer(self)
            # A short poll interval keeps stop() (and so every test teardown) fast.
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.02},
                name="localslack",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LocalSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """Return the server root, e.g. ``http://127.0.0.1:PORT``."""
        if self._server is None:
            raise RuntimeError("LocalSlack is not running; call start() first")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        """Return the Web API base URL for ``WebClient(base_url=...)`` (ends with '/')."""
        return f"{self.base_url}/api/"

    # ------------------------------------------------------------------ HTTP entry

    def handle_http(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        """Route one HTTP request: /api/<method>, /upload/<file_id>, /response/<id> or
        /files-pri/<team>-<file_id>/download/<name>."""
        parts = urlsplit(path)
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        if parts.path.startswith("/upload/"):
            return self._receive_upload(parts.path.removeprefix("/upload/"), body)
        if parts.path.startswith("/files-pri/"):
            return self._serve_file(parts.path.removeprefix("/files-pri/"), auth)
        args = parse_body(body, content_type, parts.query)
        if parts.path.startswith("/response/"):
            return self._receive_response_url(parts.path.removeprefix("/response/"), args)
        if parts.path.startswith("/api/"):
            return self._api(parts.path.removeprefix("/api/"), args, auth)
        return Reply.text("not found", 404)

    def _api(self, method: str, args: Args, auth: str) -> Reply:
        fault = self._take_fault(method)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.error is not None:
            self._record(Call(method, args, self.clock(), fault.status, fault.error))
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            return Reply.json({"ok": False, "error": fault.error}, fault.status, headers)
        try:
            self._check_auth(method, args, auth)
            with self._lock:
                data = self._dispatch(method, args)
        except SlackError as exc:
            self._record(Call(method, args, self.clock(), 200, exc.code))
            return Reply.json({"ok": False, "error": exc.code})
        self._record(Call(method, args, self.clock()))
        return Reply.json({"ok": True, **data})

    def _dispatch(self, method: str, args: Args) -> Args:
        handler = self._methods.get(method)
        if handler is None:
            raise SlackError("unknown_method")
        return handler(args)

    @staticmethod
    def _check_auth(method: str, args: Args, auth: str) -> None:
        if method == "api.test":
            return
        token = auth.removeprefix("Bearer ").strip() if auth else str(args.get("token") or "")
        if not token:
            raise SlackError("not_authed")
        if not re.fullmatch(r"xox[bp]-[\w-]+", token):
            raise SlackError("invalid_auth")

    def _serve_file(self, rest: str, auth: str) -> Reply:
        # Slack answers a download without a valid token with its sign-in page and a 200.
        file_id = rest.split("/", 1)[0].removeprefix(f"{self.team_id}-")
        fault = self._take_fault("files.download")
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.error is not None:
            self._record(Call("files.download", {"file": file_id}, self.clock(), fault.status))
            return Reply.text(fault.error, fault.status)
        token = auth.removeprefix("Bearer ").strip()
        if not re.fullmatch(r"xox[bp]-[\w-]+", token):
            self._record(Call("files.download", {"file": file_id}, self.clock(), 200, "auth"))
            return Reply(200, b"<html>Sign in</html>", content_type="text/html; charset=utf-8")
        with self._lock:
            data = self.file_bytes.get(file_id)
            kind = str((self.files.get(file_id) or {}).get("mimetype") or "")
        if data is None:
            self._record(Call("files.download", {"file": file_id}, self.clock(), 404))
            return Reply.text("file not found", 404)
        self._record(Call("files.download", {"file": file_id, "length": len(data)}, self.clock()))
        return Reply(200, data, content_type=kind or "application/octet-stream")

    def _receive_upload(self, file_id: str, body: bytes) -> Reply:
        with self._lock:
            pending = self.uploads.get(file_id)
            if pending is None:
                return Reply.text("file not found", 404)
            self.uploads[file_id] = Upload(file_id, pending.filename, body)
        self._record(Call("upload", {"file_id": file_id, "length": len(body)}, self.clock()))
        return Reply.text(f"OK - {len(body)}")

    def _receive_response_url(self, hook_id: str, args: Args) -> Reply:
        with self._lock:
            name = self._response_urls.get(hook_id)
        if name is None:
            return Reply.text("no_active_hooks", 404)
        self._record(Call("response_url", args, self.clock(), name=name))
        return Reply.text("ok")
