"""Wire-level pieces of the local Slack: request parsing, replies, records and the HTTP server.

Kept apart from the Web API methods so the method implementations read as plain Python on
dicts, and the HTTP plumbing can be read (and changed) without them.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs

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
class Reply:
    """One HTTP response: status, body, content type and extra headers."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Args, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
        """Build a JSON reply."""
        return cls(status, json.dumps(data).encode(), headers=headers or {})

    @classmethod
    def text(cls, text: str, status: int = 200) -> Reply:
        """Build a plain-text reply."""
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


def require(args: Args, key: str, error: str = "invalid_arguments") -> str:
    """Return a non-empty argument as a string, or fail with Slack's `error` code."""
    value = args.get(key)
    if value in (None, ""):
        raise SlackError(error)
    return str(value)


def ts_value(ts: str) -> float:
    """Parse a message timestamp bound as Slack does, failing with invalid_ts_latest."""
    try:
        return float(ts)
    except ValueError as exc:
        raise SlackError("invalid_ts_latest") from exc


def in_window(message: Args, oldest: float, latest: float, inclusive: bool) -> bool:
    """Tell whether a message's ts lies between oldest and latest."""
    ts = float(message["ts"])
    if inclusive:
        return oldest <= ts <= latest
    return oldest < ts < latest


class Router(Protocol):
    """Whatever answers the HTTP requests the server receives (LocalSlack)."""

    def handle_http(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        """Route one HTTP request to a reply."""
        ...


class _Handler(BaseHTTPRequestHandler):
    server: HttpServer

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


class HttpServer(ThreadingHTTPServer):
    """A threaded HTTP server on a free 127.0.0.1 port handing every request to `slack`."""

    daemon_threads = True

    def __init__(self, slack: Router) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.slack = slack
