"""A first end-to-end pass: /dhr mine, a plain-language update saved, the export shows it."""

from __future__ import annotations

import json

from blockkit_limits import assert_within_limits
from bot.plans.export import plan_rows
from devkit.localslack.payloads import block_actions_payload, button_action
from harness import Bot
from helpers import LONDON, NOW

OWNER = "U0SSPOFFICER"


def test_owner_lists_updates_in_plain_language_and_saves(bot: Bot) -> None:
    status, _, _ = bot.sender.command("mine", user_id=OWNER)
    assert status == 200
    reply = bot.slack.wait_for("response_url")[0]
    assert_within_limits(reply)
    assert "1.1" in json.dumps(reply.args)

    bot.sender.command(
        "update 1.1 done on 3 March, slides at https://example.org/s.pdf", user_id=OWNER
    )
    proposal = bot.slack.wait_for("response_url", count=2)[1]
    assert_within_limits(proposal)
    buttons = [e for b in proposal.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    save = next(b for b in buttons if b["action_id"] == "proposal_save")
    with bot.db.uow() as session:
        before = plan_rows("lily", session=session, now=NOW, tz=LONDON)
    assert next(r for r in before if r.ref == "1.1").status == "not_started"

    payload = block_actions_payload(
        button_action("proposal_save", save["value"], block_id="proposal", text="Save"),
        user_id=OWNER,
        response_url=bot.slack.response_url("save"),
    )
    status, _, _ = bot.sender.interact(payload)
    assert status == 200
    bot.slack.wait_for("views.publish")
    with bot.db.uow() as session:
        rows = plan_rows("lily", session=session, now=NOW, tz=LONDON)
    row = next(r for r in rows if r.ref == "1.1")
    assert (
        row.status,
        row.completed_on.isoformat() if row.completed_on else None,
        row.evidence_count,
    ) == ("complete", "2026-03-03", 1)
