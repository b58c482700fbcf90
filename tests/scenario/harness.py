"""Every scenario helper in one place: the served app, a way to know it is idle, and requests."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sqlalchemy import func, select

from blockkit_limits import assert_within_limits
from bot.config import Settings
from devkit.localslack.payloads import block_actions_payload, button_action, view_submission_payload
from devkit.localslack.server import Call, LocalSlack
from devkit.localslack.signing import SignedSender
from helpers import FrozenClock
from storage.db import Database
from storage.models import Action, Coordinator, Evidence, Membership, Update

OFFICER = "U0SSPOFFICER"
T = TypeVar("T")


class ListenerPool(ThreadPoolExecutor):
    """The executor behind the app's work pool, counting the jobs still running.

    Every listener acks in the request thread and submits its work here before the HTTP
    request is answered, so once a request has returned, `wait_idle` returning means the
    app has finished everything that request started: a negative check can follow.
    """

    def __init__(self) -> None:
        super().__init__(max_workers=5, thread_name_prefix="listener")
        self._running = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run `fn` on the pool, counted until it returns or raises."""
        with self._changed:
            self._running += 1

        def counted() -> T:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._changed:
                    self._running -= 1
                    self._changed.notify_all()

        return super().submit(counted)

    def wait_idle(self, timeout: float = 10) -> None:
        """Return once no listener is running; fail the test if that takes over `timeout`."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._running == 0, timeout):
                raise AssertionError(f"{self._running} listener(s) still running")


@dataclass
class Bot:
    """The running app and what a test needs to talk to it."""

    url: str
    slack: LocalSlack
    db: Database
    clock: FrozenClock
    sender: SignedSender
    settings: Settings
    listeners: ListenerPool

    def wait_idle(self) -> None:
        """Wait until the app has finished every request sent so far (the completion signal)."""
        self.listeners.wait_idle()


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # Many writers connect at once in the concurrency tests; the default backlog of 5
    # makes the kernel reset the rest.
    request_queue_size = 128


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve a WSGI app on loopback; yield its root URL."""
    server = make_server("127.0.0.1", 0, app, server_class=_Server, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, Any]:
    """GET a URL; return the status and the JSON body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


# -- what is stored --------------------------------------------------------------------------


def stored(bot: Bot) -> tuple[int, int]:
    """Count updates made by people (not the import) and evidence rows."""
    with bot.db.uow() as session:
        updates = session.scalar(
            select(func.count()).select_from(Update).where(Update.source != "import")
        )
        evidence = session.scalar(select(func.count()).select_from(Evidence))
    return int(updates or 0), int(evidence or 0)


def changed(bot: Bot) -> tuple[int, int, str | None]:
    """Count people's updates and evidence, and return the owner of 1.3."""
    return (*stored(bot), action_of(bot, "1.3").owner_id)


def writes(bot: Bot) -> tuple[int, int, int, int]:
    """Count what people can change: updates (not imports), memberships, coordinators, owners."""
    with bot.db.uow() as session:
        updates = session.scalar(
            select(func.count()).select_from(Update).where(Update.source != "import")
        )
        members = session.scalar(select(func.count()).select_from(Membership))
        coords = session.scalar(select(func.count()).select_from(Coordinator))
        owners = session.scalar(
            select(func.count()).select_from(Action).where(Action.owner_id.is_not(None))
        )
    return int(updates or 0), int(members or 0), int(coords or 0), int(owners or 0)


def action_of(bot: Bot, ref: str) -> Action:
    """Return a lily action, detached."""
    with bot.db.uow() as session:
        action = session.scalar(select(Action).where(Action.ref == ref))
        assert action is not None
        session.expunge(action)
        return action


# -- what Slack was sent ---------------------------------------------------------------------


def wait_named(bot: Bot, name: str, timeout: float = 5) -> Call:
    """Return the first post to the response_url labelled `name`, checked against the limits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        named = [c for c in bot.slack.calls_to("response_url") if c.name == name]
        if named:
            assert_within_limits(named[0])
            return named[0]
        time.sleep(0.01)
    raise AssertionError(f"no reply posted to the response_url {name}")


def dump(call: Call) -> str:
    """Return everything a call carried, as text to search."""
    return json.dumps(call.args, ensure_ascii=False)


def buttons(call: Call) -> dict[str, dict[str, Any]]:
    """Return a message's buttons in actions blocks, by action_id."""
    return {
        e["action_id"]: e
        for b in call.args.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    }


def elements(call: Call) -> list[dict[str, Any]]:
    """Return every button of a message, whether in actions blocks or section accessories."""
    found: list[dict[str, Any]] = []
    for block in call.args.get("blocks") or []:
        found += block.get("elements", []) if block["type"] == "actions" else []
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
    return found


# -- requests --------------------------------------------------------------------------------


def ask(bot: Bot, text: str, user: str = OFFICER) -> Call:
    """Send `/dhr text` and return the checked reply posted to its response_url."""
    hook = f"cmd-{time.monotonic_ns()}"
    status, _, _ = bot.sender.command(text, user_id=user, response_url=bot.slack.response_url(hook))
    assert status == 200
    return wait_named(bot, hook)


def click(bot: Bot, button: dict[str, Any], user: str = OFFICER, **extra: Any) -> str:
    """Click a button of an ephemeral message; return the response_url label."""
    hook = f"click-{time.monotonic_ns()}"
    response = bot.sender.interact(
        block_actions_payload(
            button_action(button["action_id"], button["value"], block_id="proposal"),
            user_id=user,
            channel_id="C0DHR0001",
            response_url=bot.slack.response_url(hook),
            **extra,
        )
    )
    assert response.status == 200
    return hook


def open_form(bot: Bot, ref: str = "1.1", user: str = OFFICER) -> dict[str, Any]:
    """Run `/dhr update REF` and return the modal Slack was asked to open."""
    count = len(bot.slack.calls_to("views.open"))
    status, _, _ = bot.sender.command(f"update {ref}", user_id=user)
    assert status == 200
    call = bot.slack.wait_for("views.open", count=count + 1)[-1]
    assert_within_limits(call)
    # The view as Slack stores it (with its id), the last one opened.
    view: dict[str, Any] = list(bot.slack.views.values())[-1]
    assert view["private_metadata"] == call.args["view"]["private_metadata"]
    return view


def state(
    status: str = "in_progress",
    *,
    note: str = "",
    day: str | None = None,
    when: str = "",
    links: str = "",
    files: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Return view.state.values as Slack sends them for the update form."""
    return {
        "status": {
            "value": {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": status},
                    "value": status,
                },
            }
        },
        "note": {"value": {"type": "plain_text_input", "value": note or None}},
        "date": {"value": {"type": "datepicker", "selected_date": day}},
        "when": {"value": {"type": "plain_text_input", "value": when or None}},
        "links": {"value": {"type": "plain_text_input", "value": links or None}},
        "files": {"value": {"type": "file_input", "files": files or []}},
    }


def submit(bot: Bot, view: dict[str, Any], values: dict[str, Any], user: str = OFFICER) -> Any:
    """Submit the form as `user`; return the JSON the app answered with (None for a bare ack)."""
    response = bot.sender.interact(
        view_submission_payload(
            view_id=view["id"],
            callback_id=view["callback_id"],
            user_id=user,
            state_values=values,
            private_metadata=view["private_metadata"],
            blocks=view["blocks"],
        )
    )
    assert response.status == 200
    # The save runs on the work pool after the ack: wait for it, never for a fixed time.
    bot.wait_idle()
    return response.json()


def submit_evidence(
    bot: Bot, view: dict[str, Any], action_id: int, description: str | None, user: str = OFFICER
) -> Any:
    """Submit the "Add as DHR evidence" form for `action_id`; wait for its work to finish.

    Return the response the app acknowledged the form with."""
    option = {"text": {"type": "plain_text", "text": "x"}, "value": str(action_id)}
    answer = bot.sender.interact(
        view_submission_payload(
            view_id=view["id"],
            callback_id="evidence_form",
            user_id=user,
            private_metadata=view["private_metadata"],
            state_values={
                "action": {
                    "evidence_action": {"type": "external_select", "selected_option": option}
                },
                "description": {"value": {"type": "plain_text_input", "value": description}},
            },
        )
    )
    assert answer.status == 200
    bot.wait_idle()
    return answer
