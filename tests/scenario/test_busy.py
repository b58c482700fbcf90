"""A full work pool answers "busy, try again" at once: no silent drop, no endless queue."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any, TypeVar

import pytest
from conftest import LILY, SECRET

from bot.app import create_app
from bot.config import Settings
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.web import wsgi_app
from bot.workers import BUSY_TEXT
from devkit.localslack.payloads import block_actions_payload, button_action
from devkit.localslack.server import LocalSlack
from devkit.localslack.signing import SignedSender
from harness import OFFICER, ListenerPool, serving
from helpers import NOW, FrozenClock
from storage.db import Database

T = TypeVar("T")


class GatedPool(ListenerPool):
    """A listener pool whose jobs wait until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run `fn` once the gate is open."""

        def gated() -> T:
            self.gate.wait(10)
            return fn(*args, **kwargs)

        return super().submit(gated)


@pytest.fixture
def busy_bot(db: Database, slack: LocalSlack) -> Iterator[tuple[SignedSender, GatedPool]]:
    """Serve the app with room for one job only, its jobs held at the gate."""
    with db.uow() as session:
        import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        database_url=db.url,
        dhr_worker_threads=1,
        dhr_worker_queue=0,
    )
    pool = GatedPool()
    app = create_app(settings, db=db, clock=FrozenClock(NOW), listener_executor=pool)
    try:
        with serving(wsgi_app(app, db)) as root:
            yield (
                SignedSender(f"{root}/slack/events", SECRET, response_url=slack.response_url),
                pool,
            )
    finally:
        pool.gate.set()
        pool.shutdown(wait=True, cancel_futures=True)


def test_a_command_beyond_the_pool_is_answered_busy_in_its_ack(
    busy_bot: tuple[SignedSender, GatedPool], slack: LocalSlack
) -> None:
    sender, pool = busy_bot
    first = sender.command("mine", user_id=OFFICER, response_url=slack.response_url("first"))
    second = sender.command("mine", user_id=OFFICER, response_url=slack.response_url("second"))
    assert (first.status, first.body) == (200, "")
    assert second.status == 200 and json.loads(second.body)["text"] == BUSY_TEXT
    assert json.loads(second.body)["response_type"] == "ephemeral"

    pool.gate.set()
    pool.wait_idle()
    names = [call.name for call in slack.calls_to("response_url")]
    assert names == ["first"]  # the refused command left no work behind


def test_a_button_beyond_the_pool_gets_an_ephemeral_busy_reply(
    busy_bot: tuple[SignedSender, GatedPool], slack: LocalSlack
) -> None:
    sender, pool = busy_bot
    sender.command("mine", user_id=OFFICER, response_url=slack.response_url("first"))
    press = sender.interact(
        block_actions_payload(
            button_action("list_page", '{"k":"mine","a":"","p":1}', block_id="paging"),
            user_id=OFFICER,
            channel_id="C0DHR0001",
            response_url=slack.response_url("pressed"),
        )
    )
    assert press.status == 200
    busy = slack.wait_for("response_url")[0]
    assert busy.name == "pressed" and busy.args["text"] == BUSY_TEXT
    assert busy.args["response_type"] == "ephemeral"

    pool.gate.set()
    pool.wait_idle()
    assert [call.name for call in slack.calls_to("response_url")] == ["pressed", "first"]
