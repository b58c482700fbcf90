"""A local stand-in for the Slack Web API that answers like Slack and records every call.

Point ``slack_sdk.WebClient(base_url=LocalSlack.url)`` at it. Tests and the terminal console
read ``calls`` (or wait for them) instead of mocking the client, so the real request
encoding, retry handlers and timeouts of slack_sdk are exercised.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

logger = logging.getLogger(__name__)

TEAM_ID = "T0DHR0001"
TEAM_DOMAIN = "example"
BOT_USER_ID = "U0DHRBOT"
BOT_ID = "B0DHRBOT"
APP_ID = "A0DHR0001"

# Fields Slack documents as JSON-encoded strings when a form body is used.
_JSON_FIELDS = frozenset({"blocks", "attachments", "view", "files", "metadata"})

Args = dict[str, Any]
Handler = Callable[[Args], Args]
CallListener = Callable[["Call"], None]


class SlackError(Exception):
    """A Slack-style failure: ``{"ok": false, "error": code}``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Call:
    """One request the app made to (local) Slack."""

    method: str
    args: Args
    time: float
    status: int = 200
    error: str | None = None
    name: str | None = None  # the label given to response_url(name)


@dataclass(frozen=True)
class Upload:
    """Bytes the client sent to an upload URL from files.getUploadURLExternal."""

    file_id: str
    filename: str
    data: bytes


@dataclass
class _Fault:
    method: str
    error: str | None
    status: int
    remaining: int
    retry_after: int
    delay: float


@dataclass
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Args, status: int = 200, headers: dict[str, str] | None = None) -> _Reply:
        return cls(status, json.dumps(data).encode(), headers=headers or {})

    @classmethod
    def text(cls, text: str, status: int = 200) -> _Reply:
        return cls(status, text.encode(), content_type="text/plain; charset=utf-8")


def _parse_multipart(body: bytes, content_type: str) -> Args:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    out: Args = {}
    for part in message.iter_parts():
        key = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(key, str) and isinstance(payload, bytes):
            is_file = part.get_filename() is not None
            out[key] = payload if is_file else payload.decode("utf-8")
    return out


def _decode_json_fields(args: Args) -> Args:
    for key in _JSON_FIELDS & args.keys():
        value = args[key]
        if isinstance(value, str) and value[:1] in ("[", "{"):
            # Malformed JSON stays a string; the method handler then reports invalid_arguments.
            with contextlib.suppress(ValueError):
                args[key] = json.loads(value)
    return args


def parse_body(body: bytes, content_type: str, query: str = "") -> Args:
    """Decode a Web API request body (form, JSON or multipart) into Python values."""
    args: Args = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        args.update(json.loads(body.decode("utf-8")))
    elif kind == "multipart/form-data":
        args.update(_parse_multipart(body, content_type))
    elif body:
        form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        args.update({k: v[-1] for k, v in form.items()})
    return _decode_json_fields(args)


def _require(args: Args, key: str, error: str = "invalid_arguments") -> str:
    value = args.get(key)
    if value in (None, ""):
        raise SlackError(error)
    return str(value)


def _ts_value(ts: str) -> float:
    try:
        return float(ts)
    except ValueError as exc:
        raise SlackError("invalid_ts_latest") from exc


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply = self.server.slack.handle_http(self.path, dict(self.headers.items()), body)
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("client went away before the reply to %s", self.path)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("localslack: " + format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, slack: LocalSlack) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.slack = slack


class LocalSlack:
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
        self._faults: list[_Fault] = []
        self._listeners: list[CallListener] = []
        self._response_urls: dict[str, str] = {}
        self._lock = threading.RLock()
        self._arrived = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._last_ts_us = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Handler] = self._method_table()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LocalSlack:
        """Start serving on a free port in a daemon thread."""
        if self._server is None:
            self._server = _Server(self)
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

    # ------------------------------------------------------------------ fixtures

    def add_user(
        self,
        id: str,
        name: str,
        real_name: str,
        tz: str = "Europe/London",
        is_bot: bool = False,
        email: str | None = None,
    ) -> None:
        """Add a user that users.info will find."""
        with self._lock:
            self.users[id] = {
                "id": id,
                "name": name,
                "real_name": real_name,
                "tz": tz,
                "is_bot": is_bot,
                "email": email,
            }

    def add_channel(
        self,
        id: str,
        name: str,
        is_private: bool = True,
        is_member: bool = True,
        members: list[str] | None = None,
    ) -> None:
        """Add a channel that conversations.info / members / history will find."""
        with self._lock:
            self.channels[id] = {
                "id": id,
                "name": name,
                "is_private": is_private,
                "is_member": is_member,
                "members": list(members or []),
            }
            self.messages.setdefault(id, [])

    def add_file(
        self,
        id: str,
        name: str,
        permalink: str,
        title: str | None = None,
        mimetype: str = "application/octet-stream",
        user: str | None = None,
        size: int = 0,
    ) -> None:
        """Add a file that files.info will find."""
        with self._lock:
            self.files[id] = {
                "id": id,
                "name": name,
                "title": title or name,
                "mimetype": mimetype,
                "user": user,
                "size": size,
                "permalink": permalink,
            }

    def add_message(self, channel: str, text: str, user: str, **extra: Any) -> Args:
        """Put a message into a channel's history as if someone had posted it."""
        with self._lock:
            message = {"type": "message", "text": text, "user": user, "ts": self._next_ts()}
            message.update(extra)
            self.messages.setdefault(channel, []).append(message)
            return dict(message)

    def response_url(self, name: str) -> str:
        """Return a response_url on this server; POSTs to it are recorded as 'response_url'."""
        with self._lock:
            hook_id = f"R{next(self._ids):06d}"
            self._response_urls[hook_id] = name
        return f"{self.base_url}/response/{hook_id}"

    # ------------------------------------------------------------------ faults and observation

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
            self._faults.append(_Fault(method, error, code, times, retry_after, delay))

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

    # ------------------------------------------------------------------ HTTP entry

    def handle_http(self, path: str, headers: dict[str, str], body: bytes) -> _Reply:
        """Route one HTTP request: /api/<method>, /upload/<file_id> or /response/<id>."""
        parts = urlsplit(path)
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        if parts.path.startswith("/upload/"):
            return self._receive_upload(parts.path.removeprefix("/upload/"), body)
        args = parse_body(body, content_type, parts.query)
        if parts.path.startswith("/response/"):
            return self._receive_response_url(parts.path.removeprefix("/response/"), args)
        if parts.path.startswith("/api/"):
            auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
            return self._api(parts.path.removeprefix("/api/"), args, auth)
        return _Reply.text("not found", 404)

    def _api(self, method: str, args: Args, auth: str) -> _Reply:
        fault = self._take_fault(method)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.error is not None:
            self._record(Call(method, args, self.clock(), fault.status, fault.error))
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            return _Reply.json({"ok": False, "error": fault.error}, fault.status, headers)
        try:
            self._check_auth(method, args, auth)
            with self._lock:
                data = self._dispatch(method, args)
        except SlackError as exc:
            self._record(Call(method, args, self.clock(), 200, exc.code))
            return _Reply.json({"ok": False, "error": exc.code})
        self._record(Call(method, args, self.clock()))
        return _Reply.json({"ok": True, **data})

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

    def _take_fault(self, method: str) -> _Fault | None:
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

    def _receive_upload(self, file_id: str, body: bytes) -> _Reply:
        with self._lock:
            pending = self.uploads.get(file_id)
            if pending is None:
                return _Reply.text("file not found", 404)
            self.uploads[file_id] = Upload(file_id, pending.filename, body)
        self._record(Call("upload", {"file_id": file_id, "length": len(body)}, self.clock()))
        return _Reply.text(f"OK - {len(body)}")

    def _receive_response_url(self, hook_id: str, args: Args) -> _Reply:
        with self._lock:
            name = self._response_urls.get(hook_id)
        if name is None:
            return _Reply.text("no_active_hooks", 404)
        self._record(Call("response_url", args, self.clock(), name=name))
        return _Reply.text("ok")

    # ------------------------------------------------------------------ helpers (lock held)

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}0{next(self._ids):08X}"

    def _next_ts(self) -> str:
        # Strictly increasing, so history ordering holds even under a frozen clock.
        micros = max(int(self.clock() * 1_000_000), self._last_ts_us + 1)
        self._last_ts_us = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _resolve_channel(self, channel: str) -> str:
        if channel.startswith(("U", "W")):
            return "D" + channel
        known = self.channels.get(channel)
        if known is not None and not known["is_member"]:
            raise SlackError("not_in_channel")
        is_dm = channel.startswith("D")
        if known is None and self.strict_channels and not is_dm and channel not in self.messages:
            raise SlackError("channel_not_found")
        return channel

    def _find_message(self, channel: str, ts: str) -> Args:
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def _method_table(self) -> dict[str, Handler]:
        return {
            "api.test": lambda args: {
                "args": {k: v for k, v in args.items() if isinstance(v, str)}
            },
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.members": self._conversations_members,
            "conversations.open": self._conversations_open,
            "files.info": self._files_info,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
        }

    # ------------------------------------------------------------------ methods

    def _auth_test(self, args: Args) -> Args:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": "Example Partnership",
            "user": "dhr",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _message_from(self, args: Args, ts: str) -> Args:
        message: Args = {
            "type": "message",
            "text": args.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": self.team_id,
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if args.get(key):
                message[key] = args[key]
        return message

    def _chat_post_message(self, args: Args) -> Args:
        channel = self._resolve_channel(_require(args, "channel", "channel_not_found"))
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            raise SlackError("no_text")
        message = self._message_from(args, self._next_ts())
        self.messages.setdefault(channel, []).append(message)
        return {"channel": channel, "ts": message["ts"], "message": dict(message)}

    def _chat_post_ephemeral(self, args: Args) -> Args:
        channel = self._resolve_channel(_require(args, "channel", "channel_not_found"))
        user = _require(args, "user", "user_not_in_channel")
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            raise SlackError("no_text")
        ts = self._next_ts()
        self.ephemerals.append({**self._message_from(args, ts), "channel": channel, "to": user})
        return {"message_ts": ts}

    def _chat_update(self, args: Args) -> Args:
        channel = _require(args, "channel", "channel_not_found")
        message = self._find_message(channel, _require(args, "ts", "message_not_found"))
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args:
                message[key] = args[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel,
            "ts": message["ts"],
            "text": message.get("text", ""),
            "message": dict(message),
        }

    def _chat_delete(self, args: Args) -> Args:
        channel = _require(args, "channel", "channel_not_found")
        message = self._find_message(channel, _require(args, "ts", "message_not_found"))
        self.messages[channel].remove(message)
        return {"channel": channel, "ts": message["ts"]}

    def _chat_get_permalink(self, args: Args) -> Args:
        channel = _require(args, "channel", "channel_not_found")
        ts = _require(args, "message_ts", "message_not_found")
        link = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": link}

    def _stored_view(self, view: Any, view_id: str, previous: Args | None = None) -> Args:
        if not isinstance(view, dict) or "type" not in view:
            raise SlackError("invalid_arguments")
        stored: Args = {
            "id": view_id,
            "team_id": self.team_id,
            "state": {"values": {}},
            "hash": f"{int(self.clock())}.{next(self._ids):08x}",
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "clear_on_close": False,
            "notify_on_close": False,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "root_view_id": (previous or {}).get("root_view_id", view_id),
            "previous_view_id": None,
        }
        stored.update(view)
        self.views[view_id] = stored
        return stored

    def _views_open(self, args: Args) -> Args:
        trigger_id = _require(args, "trigger_id", "invalid_trigger_id")
        if trigger_id.startswith("expired"):
            raise SlackError("expired_trigger_id")
        return {"view": dict(self._stored_view(args.get("view"), self._new_id("V")))}

    def _views_update(self, args: Args) -> Args:
        view_id = args.get("view_id") or self._view_id_for_external(args.get("external_id"))
        current = self.views.get(str(view_id))
        if current is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        return {"view": dict(self._stored_view(args.get("view"), str(view_id), current))}

    def _view_id_for_external(self, external_id: Any) -> str:
        for view_id, view in self.views.items():
            if external_id and view.get("external_id") == external_id:
                return view_id
        raise SlackError("not_found")

    def _views_publish(self, args: Args) -> Args:
        user_id = _require(args, "user_id", "invalid_arguments")
        view = args.get("view")
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackError("invalid_arguments")
        current = self.home_views.get(user_id)
        if current is not None and args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        view_id = current["id"] if current else self._new_id("V")
        self.home_views[user_id] = self._stored_view(view, view_id, current)
        return {"view": dict(self.home_views[user_id])}

    def _users_info(self, args: Args) -> Args:
        user = self.users.get(_require(args, "user", "user_not_found"))
        if user is None:
            raise SlackError("user_not_found")
        now = datetime.fromtimestamp(self.clock(), ZoneInfo(user["tz"]))
        offset = now.utcoffset()
        profile = {
            "real_name": user["real_name"],
            "display_name": user["name"],
            "email": user["email"],
        }
        return {
            "user": {
                "id": user["id"],
                "team_id": self.team_id,
                "name": user["name"],
                "real_name": user["real_name"],
                "deleted": False,
                "tz": user["tz"],
                "tz_label": now.tzname(),
                "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
                "is_bot": user["is_bot"],
                "profile": profile,
            }
        }

    def _conversations_info(self, args: Args) -> Args:
        channel_id = _require(args, "channel", "channel_not_found")
        if channel_id.startswith("D"):
            im = {"id": channel_id, "is_im": True, "user": channel_id[1:], "is_member": True}
            return {"channel": im}
        channel = self.channels.get(channel_id)
        if channel is None:
            raise SlackError("channel_not_found")
        return {
            "channel": {
                "id": channel["id"],
                "name": channel["name"],
                "is_channel": not channel["is_private"],
                "is_group": channel["is_private"],
                "is_im": False,
                "is_private": channel["is_private"],
                "is_member": channel["is_member"],
                "is_archived": False,
            }
        }

    def _conversations_history(self, args: Args) -> Args:
        channel = _require(args, "channel", "channel_not_found")
        if channel not in self.messages and (self.strict_channels or channel in self.channels):
            raise SlackError("channel_not_found")
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        oldest = _ts_value(str(args.get("oldest") or "0"))
        latest = _ts_value(str(args.get("latest") or "inf"))
        found = [
            m
            for m in reversed(self.messages.get(channel, []))
            if _in_window(m, oldest, latest, inclusive)
        ]
        limit = max(1, min(int(args.get("limit") or 100), 999))
        start = int(str(args.get("cursor") or "0").removeprefix("o:") or 0)
        page = found[start : start + limit]
        more = start + limit < len(found)
        return {
            "messages": [dict(m) for m in page],
            "has_more": more,
            "response_metadata": {"next_cursor": f"o:{start + limit}" if more else ""},
        }

    def _conversations_members(self, args: Args) -> Args:
        channel = self.channels.get(_require(args, "channel", "channel_not_found"))
        if channel is None:
            raise SlackError("channel_not_found")
        return {"members": list(channel["members"]), "response_metadata": {"next_cursor": ""}}

    def _conversations_open(self, args: Args) -> Args:
        if args.get("channel"):
            return {"channel": {"id": str(args["channel"])}}
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        channel_id = "D" + users[0] if len(users) == 1 else "G" + "".join(sorted(users))
        self.messages.setdefault(channel_id, [])
        return {"channel": {"id": channel_id}}

    def _files_info(self, args: Args) -> Args:
        file = self.files.get(_require(args, "file", "file_not_found"))
        if file is None:
            raise SlackError("file_not_found")
        return {"file": dict(file)}

    def _files_get_upload_url(self, args: Args) -> Args:
        filename = _require(args, "filename")
        if not str(args.get("length") or "").isdigit():
            raise SlackError("invalid_arguments")
        file_id = self._new_id("F")
        self.uploads[file_id] = Upload(file_id, filename, b"")
        return {"file_id": file_id, "upload_url": f"{self.base_url}/upload/{file_id}"}

    def _files_complete_upload(self, args: Args) -> Args:
        entries = args.get("files")
        if not isinstance(entries, list) or not entries:
            raise SlackError("invalid_arguments")
        channel = args.get("channel_id") or None
        completed = [self._complete_one(entry, channel) for entry in entries]
        if channel:
            self._share_files(str(channel), completed, args)
        return {"files": completed}

    def _complete_one(self, entry: Any, channel: str | None) -> Args:
        upload = self.uploads.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if upload is None:
            raise SlackError("file_not_found")
        file = {
            "id": upload.file_id,
            "name": upload.filename,
            "title": entry.get("title") or upload.filename,
            "mimetype": "application/octet-stream",
            "size": len(upload.data),
            "user": self.bot_user_id,
            "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{self.bot_user_id}/{upload.file_id}",
            "channels": [channel] if channel else [],
        }
        self.files[upload.file_id] = file
        return dict(file)

    def _share_files(self, channel: str, files: list[Args], args: Args) -> None:
        message = self._message_from({"text": args.get("initial_comment") or ""}, self._next_ts())
        message.update({"subtype": "file_share", "files": files})
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        self.messages.setdefault(channel, []).append(message)


def _in_window(message: Args, oldest: float, latest: float, inclusive: bool) -> bool:
    ts = float(message["ts"])
    if inclusive:
        return oldest <= ts <= latest
    return oldest < ts < latest
