"""Many people saving at once over the signed HTTP edge, and what must hold afterwards.

Every writer first looks at an action (opens the form, reads a proposal), then all of them
press Save together. Afterwards: replaying each action's updates gives its current state,
every accepted save is stored exactly once, and every refused one was told so.
Used by tests/scenario/test_concurrency.py and bench/bench_concurrency.py.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from bot.services.replay import replay, state_of
from harness import Bot, ask, buttons, state, submit
from storage.models import Action, Coordinator, Evidence, Update
from storage.repositories import updates as update_repo

KINDS = ("form", "proposal", "evidence", "assign")
ASSIGNEE = "U0SSPOFFICER"  # a member of an agency, so anyone may be made an owner


@dataclass
class Writer:
    """One person and the one save they will make."""

    user: str
    kind: str
    ref: str
    token: str  # in their note or evidence: finds their row afterwards
    view: dict[str, Any] | None = None
    button: dict[str, Any] | None = None
    hook: str = ""
    answer: Any = None


@dataclass
class Outcome:
    """What the run produced."""

    accepted: Counter[str] = field(default_factory=Counter)
    stale: int = 0
    violations: list[str] = field(default_factory=list)


def add_writers(bot: Bot, count: int, first: int = 0) -> list[str]:
    """Make `count` coordinators (anyone may update any action) and return their ids."""
    users = [f"U0W{n:04d}" for n in range(first, first + count)]
    with bot.db.uow() as session:
        for user in users:
            session.add(Coordinator(user_id=user, added_by=None, added_at=datetime.now(UTC)))
    return users


def plan(users: list[str], refs: list[str]) -> list[Writer]:
    """Give each user a kind of save and an action, round robin."""
    return [
        Writer(user, KINDS[n % len(KINDS)], refs[n % len(refs)], f"w{n:04d}")
        for n, user in enumerate(users)
    ]


def _look(bot: Bot, writer: Writer) -> None:
    if writer.kind == "form":
        count = len(bot.slack.calls_to("views.open"))
        bot.sender.command(f"update {writer.ref}", user_id=writer.user)
        opened = bot.slack.wait_for("views.open", count=count + 1)
        meta = opened[-1].args["view"]["private_metadata"]
        writer.view = next(v for v in bot.slack.views.values() if v["private_metadata"] == meta)
    elif writer.kind == "proposal":
        reply = ask(bot, f"update {writer.ref} in progress: {writer.token}", user=writer.user)
        writer.button = buttons(reply)["proposal_save"]


def _save(bot: Bot, writer: Writer) -> None:
    writer.hook = f"save-{writer.token}"
    url = bot.slack.response_url(writer.hook)
    if writer.kind == "form":
        assert writer.view is not None
        writer.answer = submit(
            bot, writer.view, state("in_progress", note=f"note {writer.token}"), user=writer.user
        )
    elif writer.kind == "proposal":
        from devkit.localslack.payloads import block_actions_payload, button_action

        assert writer.button is not None
        bot.sender.interact(
            block_actions_payload(
                button_action("proposal_save", writer.button["value"], block_id="proposal"),
                user_id=writer.user,
                channel_id="C0DHR0001",
                response_url=url,
            )
        )
    elif writer.kind == "evidence":
        text = f"evidence {writer.ref} https://example.org/{writer.token}"
        bot.sender.command(text, user_id=writer.user, response_url=url)
    else:
        bot.sender.command(
            f"assign {writer.ref} <@{ASSIGNEE}>", user_id=writer.user, response_url=url
        )


def run(bot: Bot, writers: list[Writer]) -> None:
    """Let every writer look, then fire every save at once and wait until all are handled."""
    for writer in writers:
        _look(bot, writer)
    start = threading.Barrier(len(writers))

    def go(writer: Writer) -> None:
        start.wait()
        _save(bot, writer)

    threads = [threading.Thread(target=go, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bot.wait_idle()


def _told(bot: Bot, writer: Writer) -> str:
    """Return what the writer was told: "saved", "stale", "duplicate" or "" (nothing)."""
    if writer.kind == "form" and isinstance(writer.answer, dict):
        if writer.answer.get("response_action") == "update":
            return "stale" if "changed since you opened it" in json.dumps(writer.answer) else ""
        return ""
    if writer.kind == "form":
        texts = [
            c.args.get("text", "")
            for c in bot.slack.calls_to("chat.postMessage")
            if c.args.get("channel") == writer.user
        ]
    else:
        texts = [
            c.args.get("text", "")
            for c in bot.slack.calls_to("response_url")
            if c.name == writer.hook
        ]
    for text in texts:
        if "changed since you opened it" in text:
            return "stale"
        if "Saved" in text or "Evidence added" in text or "now owns" in text:
            return "saved"
    return ""


def check(bot: Bot, writers: list[Writer], since: int = 0) -> Outcome:
    """Count accepted and refused saves and list every broken promise.

    `since` is the newest update id before this round (their evidence is told by URL).
    """
    outcome = Outcome()
    tokens = tuple(w.token for w in writers)
    with bot.db.uow() as session:
        people = session.scalars(
            select(Update).where(Update.source != "import", Update.id > since)
        ).all()
        notes = [u.note for u in people]
        assigners = {u.user_id for u in people if u.owner_after == ASSIGNEE}
        links = [
            e.url or "" for e in session.scalars(select(Evidence)) if (e.url or "").endswith(tokens)
        ]
        for writer in writers:
            told = _told(bot, writer)
            if not told:
                outcome.violations.append(f"{writer.token} ({writer.kind}) was told nothing")
                continue
            if told == "stale":
                outcome.stale += 1
            else:
                outcome.accepted[writer.kind] += 1
            rows = {
                "form": sum(writer.token in n for n in notes),
                "proposal": sum(writer.token in n for n in notes),
                "evidence": sum(writer.token in link for link in links),
                "assign": int(writer.user in assigners),
            }[writer.kind]
            if rows != (1 if told == "saved" else 0):
                outcome.violations.append(
                    f"{writer.token} ({writer.kind}) told {told}: {rows} rows"
                )
        saves = sum(n for kind, n in outcome.accepted.items() if kind != "evidence")
        if len(people) != saves:
            outcome.violations.append(f"{len(people)} updates stored for {saves} accepted saves")
        if len(links) != outcome.accepted["evidence"]:
            outcome.violations.append(
                f"{len(links)} evidence stored for {outcome.accepted['evidence']}"
            )
        for action in session.scalars(select(Action)):
            replayed = replay(update_repo.of_action(action.id, session=session))
            if replayed != state_of(action):
                outcome.violations.append(f"action {action.id}: {replayed} != {state_of(action)}")
    return outcome


def newest_update(bot: Bot) -> int:
    """Return the newest update id: what a later round's check counts from."""
    with bot.db.uow() as session:
        return session.scalar(select(func.max(Update.id))) or 0
