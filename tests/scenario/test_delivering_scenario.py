"""The agency that does the work sees it: a delivering agency's lead lists, updates, is reminded."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.slackclient import make_client
from bot.weekly.context import JobContext
from bot.weekly.reminder_job import send_reminders
from devkit.localslack.payloads import app_home_opened_event
from harness import Bot, action_of, ask, dump, open_form, state, stored, submit, writes
from helpers import NOW
from storage.models import Update

COORD = "U0COORD"
CCG_LEAD = "U0CCGLEAD"
SOMFT_LEAD = "U0SOMFTLEAD"
POLICE_LEAD = "U0POLICELEAD"


def _refs_in(text: str) -> set[str]:
    return {ref for ref in ("lily:3.2", "lily:3.3", "lily:3.4", "lily:7.1") if ref in text}


def test_the_delivering_agencys_lead_lists_it_and_another_lead_does_not(bot: Bot) -> None:
    assert _refs_in(dump(ask(bot, "mine", CCG_LEAD))) == {"lily:3.3"}
    assert _refs_in(dump(ask(bot, "mine", SOMFT_LEAD))) == {"lily:3.4"}
    assert _refs_in(dump(ask(bot, "mine", "U0ASCLEAD"))) == {"lily:3.2"}
    assert _refs_in(dump(ask(bot, "mine", POLICE_LEAD))) == set()
    agency = dump(ask(bot, "agency CCG", POLICE_LEAD))
    assert "lily:3.3" in agency and "CCG (lead agency SSP)" in agency
    # The accountable lead keeps the action as theirs too.
    assert {"lily:3.2", "lily:3.3", "lily:3.4"} <= _refs_in(dump(ask(bot, "mine", "U0SSPLEAD")))


def test_the_delivering_agencys_lead_updates_it_through_the_form(bot: Bot) -> None:
    view = open_form(bot, "3.3", user=CCG_LEAD)
    answer = submit(bot, view, state("in_progress", note="GP briefing booked"), user=CCG_LEAD)

    assert answer is None
    dm = bot.slack.wait_for("chat.postMessage")[0]
    assert dm.args["channel"] == CCG_LEAD and "lily:3.3" in dm.args["text"]
    assert action_of(bot, "3.3").status == "in_progress"
    with bot.db.uow() as session:
        update = session.scalars(select(Update).where(Update.source == "modal")).one()
        assert (update.user_id, update.note) == (CCG_LEAD, "GP briefing booked")


def test_another_agencys_lead_may_not_update_it(bot: Bot) -> None:
    before = stored(bot)
    refused = dump(ask(bot, "update 3.4 started", CCG_LEAD))
    assert "Only the action's owner, a lead of its agency or a coordinator" in refused
    assert stored(bot) == before


def test_the_delivering_agencys_lead_is_reminded_of_it(bot: Bot) -> None:
    client = make_client(bot.settings)
    ctx = JobContext.start(db=bot.db, client=client, settings=bot.settings, now=NOW, worker="t")

    result = send_reminders(ctx)

    assert CCG_LEAD in result.sent and SOMFT_LEAD in result.sent
    assert POLICE_LEAD not in result.sent  # Police delivers nothing of Lily
    reminded = {
        channel[1:]: str(messages) for channel, messages in bot.slack.messages.items() if messages
    }
    assert _refs_in(reminded[f"{CCG_LEAD}"]) == {"lily:3.3"}
    assert _refs_in(reminded[f"{SOMFT_LEAD}"]) == {"lily:3.4"}


def test_a_coordinator_assigns_the_delivering_agency_by_code(bot: Bot) -> None:
    reply = dump(ask(bot, "assign 7.1 Police", COORD))
    assert "lily:7.1" in reply and "now delivered by Police" in reply
    assert _refs_in(dump(ask(bot, "mine", POLICE_LEAD))) == {"lily:7.1"}
    with bot.db.uow() as session:
        update = session.scalars(select(Update).where(Update.source == "command")).one()
        assert update.user_id == COORD and update.delivering_after is not None

    # A person is still assigned by mention; an agency lead may not move the work.
    before = writes(bot)
    refused = dump(ask(bot, "assign 3.3 Police", CCG_LEAD))
    assert "Only coordinators can change which agency delivers an action" in refused
    unknown = dump(ask(bot, "assign 3.3 NOPE", COORD))
    assert "There is no agency `NOPE`" in unknown and "mention them" in unknown
    assert writes(bot) == before
    assert "now owns" in dump(ask(bot, "assign 3.3 <@U0CCGLEAD>", CCG_LEAD))


def test_app_home_shows_the_delivering_agency_its_action(bot: Bot) -> None:
    assert bot.sender.event(app_home_opened_event(CCG_LEAD)).status == 200
    home = bot.slack.wait_for("views.publish")[0]
    assert home.args["user_id"] == CCG_LEAD
    assert _refs_in(json.dumps(home.args)) == {"lily:3.3"}
