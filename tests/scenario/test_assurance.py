"""Assurance over signed HTTP: sign-off, return, impact, re-programming, statements, decisions."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from bot.assurance_state import replay, state_of
from bot.clock import local_day
from bot.plans.export import plan_rows, write_csv
from devkit.localslack.payloads import app_home_opened_event
from harness import Bot, action_of, ask, buttons, click, dump, open_form, state, stored, submit
from helpers import LONDON
from storage.models import Action, EscalationAck, RecommendationDecision, Update

OFFICER = "U0SSPOFFICER"
SSP_LEAD = "U0SSPLEAD"
COORD = "U0COORD"
IMPACT = "Victims referred to MARAC are now seen within 5 days; the January audit shows it."


def _with_impact(values: dict[str, Any], impact: str) -> dict[str, Any]:
    values["impact"] = {"value": {"type": "plain_text_input", "value": impact or None}}
    return values


def complete(bot: Bot, ref: str = "1.1", user: str = OFFICER, impact: str = IMPACT) -> None:
    """Complete an action through the form, with an impact statement unless told otherwise."""
    view = open_form(bot, ref, user)
    values = _with_impact(state("complete", note="Review delivered.", day="2026-11-20"), impact)
    assert submit(bot, view, values, user) is None
    bot.wait_idle()


def assert_replays(bot: Bot, ref: str) -> None:
    """Replaying an action's updates gives its stored state."""
    with bot.db.uow() as session:
        action = session.scalar(select(Action).where(Action.ref == ref))
        assert action is not None
        rows = session.scalars(
            select(Update).where(Update.action_id == action.id).order_by(Update.id)
        ).all()
        assert replay(rows, lambda at: local_day(at, LONDON)) == state_of(action)


def dms_to(bot: Bot, user: str) -> list[str]:
    """Return the texts of the messages the bot posted to a person (once the bot is idle)."""
    bot.wait_idle()
    return [c.args.get("text", "") for c in bot.slack.calls_to("chat.postMessage")
            if c.args.get("channel") == user]  # fmt: skip


def home_of(bot: Bot, user: str) -> dict[str, Any]:
    """Open a person's App Home and return the view published."""
    count = len(bot.slack.calls_to("views.publish"))
    assert bot.sender.event(app_home_opened_event(user)).status == 200
    call = bot.slack.wait_for("views.publish", count=count + 1)[-1]
    view: dict[str, Any] = call.args["view"]
    return view


def home_buttons(view: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the Home's buttons by (action_id, value)."""
    return {
        (e["action_id"], e["value"]): e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }


# -- two-stage closure -----------------------------------------------------------------------


def test_completion_awaits_sign_off_and_a_coordinator_signs_it_off_from_home(bot: Bot) -> None:
    complete(bot)
    action = action_of(bot, "1.1")
    assert (action.status, action.signoff, action.impact) == ("complete", "awaiting", IMPACT)
    saved = dms_to(bot, OFFICER)[-1]
    assert "awaits a coordinator's sign-off" in saved

    home = home_of(bot, COORD)
    assert "Awaiting your sign-off" in json.dumps(home)
    sign = home_buttons(home)[("signoff", str(action.id))]
    bot.wait_idle()
    click(bot, sign, user=COORD)
    bot.wait_idle()
    after = action_of(bot, "1.1")
    assert (after.signoff, after.signed_off_by) == ("signed_off", COORD)
    assert after.signed_off_on == date(2026, 11, 26)
    assert any("signed off `lily:1.1`" in text for text in dms_to(bot, OFFICER))
    assert_replays(bot, "1.1")

    shown = dump(ask(bot, "show 1.1", COORD))
    assert "Signed off" in shown and "Thu 26 Nov 2026 by <@U0COORD>" in shown
    assert IMPACT in shown

    with bot.db.uow() as session:
        rows = plan_rows("lily", session=session, now=bot.clock.now, tz=LONDON)
    out = io.StringIO()
    write_csv(rows, out)
    exported = {r["ref"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    row = exported["1.1"]
    assert (row["completed_on"], row["signed_off_on"], row["signed_off_by"]) == (
        "2026-11-20",
        "2026-11-26",
        COORD,
    )
    assert (row["impact_statement"], row["rag"]) == (IMPACT, "blue")
    assert exported["7.1"]["signed_off_by"] == "plan"
    cell = next(r for r in rows if r.ref == "1.1").completion_outcome()
    assert cell.startswith("Completed 20 Nov 2026; signed off 26 Nov 2026 by U0COORD.")


def test_the_plans_implemented_actions_are_signed_off_by_the_plan(bot: Bot) -> None:
    action = action_of(bot, "7.1")
    assert (action.status, action.signoff, action.signed_off_by) == (
        "complete",
        "signed_off",
        "import",
    )
    assert "Signed off" in dump(ask(bot, "show 7.1", COORD))
    assert_replays(bot, "7.1")


def test_sign_off_by_command_with_a_note(bot: Bot) -> None:
    complete(bot)
    reply = ask(bot, "signoff 1.1 Checked the audit.", COORD)
    assert "Signed off `lily:1.1`" in reply.args["text"]
    with bot.db.uow() as session:
        row = session.scalars(select(Update).where(Update.kind == "signoff")).one()
        assert (row.user_id, row.note, row.source) == (COORD, "Checked the audit.", "command")


def test_return_opens_a_form_and_sends_the_reason_to_the_owner(bot: Bot) -> None:
    complete(bot)
    action = action_of(bot, "1.1")
    opened = len(bot.slack.calls_to("views.open"))  # complete() opened the update form
    click(bot, {"action_id": "return_open", "value": str(action.id)}, user=COORD)
    bot.slack.wait_for("views.open", count=opened + 1)
    form: dict[str, Any] = list(bot.slack.views.values())[-1]
    assert form["callback_id"] == "return_form"

    empty = submit(
        bot, form, {"reason": {"value": {"type": "plain_text_input", "value": None}}}, COORD
    )
    assert empty["response_action"] == "errors" and "reason" in empty["errors"]
    assert action_of(bot, "1.1").status == "complete"

    reason = "The audit is not attached: add it, then complete again."
    values = {"reason": {"value": {"type": "plain_text_input", "value": reason}}}
    assert submit(bot, form, values, COORD) is None
    bot.wait_idle()
    after = action_of(bot, "1.1")
    assert (after.status, after.signoff, after.completed_on) == ("in_progress", None, None)
    assert any(reason in text and "returned" in text for text in dms_to(bot, OFFICER))
    assert_replays(bot, "1.1")


def test_return_by_command(bot: Bot) -> None:
    complete(bot)
    reply = ask(bot, "return 1.1 No evidence of the change yet.", COORD)
    assert "Returned `lily:1.1` to In progress; <@U0SSPOFFICER> was told." in reply.args["text"]
    assert action_of(bot, "1.1").status == "in_progress"
    assert any("No evidence of the change yet." in t for t in dms_to(bot, OFFICER))


def test_a_return_without_an_owner_tells_whoever_completed_the_action(bot: Bot) -> None:
    assert action_of(bot, "1.3").owner_id is None
    complete(bot, "1.3", user=SSP_LEAD)
    reply = ask(bot, "return 1.3 Attach the audit.", COORD)
    assert "Returned `lily:1.3` to In progress; <@U0SSPLEAD> was told." in reply.args["text"]
    assert "owner was told" not in reply.args["text"]
    assert any("Attach the audit." in t for t in dms_to(bot, SSP_LEAD))


def test_changing_what_was_signed_off_sends_it_back_for_sign_off(bot: Bot) -> None:
    complete(bot)
    ask(bot, "signoff 1.1 Checked at the board", COORD)
    assert action_of(bot, "1.1").signoff == "signed_off"
    # A note alone leaves the sign-off as it is, and so does "done" said again: the day it
    # was completed on stays (no "today" by default).
    completed_on = action_of(bot, "1.1").completed_on
    for text in ("update 1.1 minutes filed on the drive", "update 1.1 done, minutes attached"):
        click(bot, buttons(ask(bot, text))["proposal_save"])
        bot.wait_idle()
        assert action_of(bot, "1.1").signoff == "signed_off", text
    assert action_of(bot, "1.1").completed_on == completed_on
    # A new impact statement is a new claim: a coordinator looks at it again.
    proposal = ask(bot, "update 1.1 impact: fewer repeat referrals than first said")
    click(bot, buttons(proposal)["proposal_save"])
    bot.wait_idle()
    after = action_of(bot, "1.1")
    assert (after.status, after.signoff) == ("complete", "awaiting")
    assert after.impact == "fewer repeat referrals than first said"
    assert "Signed off" not in dump(ask(bot, "show 1.1", COORD))
    assert_replays(bot, "1.1")


def test_nobody_is_told_who_can_no_longer_see_the_review(bot: Bot) -> None:
    complete(bot, "1.3", user=SSP_LEAD)
    assert "was removed from SSP" in dump(ask(bot, "agency SSP remove <@U0SSPLEAD>", COORD))
    sent = len(dms_to(bot, SSP_LEAD))
    reply = ask(bot, "return 1.3 The audit is missing.", COORD)
    assert "nobody was told: it has no owner" in reply.args["text"]
    assert len(dms_to(bot, SSP_LEAD)) == sent


def test_the_plan_import_is_never_told(bot: Bot) -> None:
    assert action_of(bot, "7.1").signoff == "signed_off"  # "Implemented" in the plan
    proposal = ask(bot, "update 7.1 impact: agencies now record ethnicity", COORD)
    click(bot, buttons(proposal)["proposal_save"], user=COORD)
    bot.wait_idle()
    assert action_of(bot, "7.1").signoff == "awaiting"
    assert "is now a coordinator" in dump(ask(bot, "coordinator add <@U0COORD2>", COORD))
    reply = ask(bot, "return 7.1 Show the audit.", "U0COORD2")
    assert "<@import>" not in reply.args["text"] and "nobody was told" in reply.args["text"]


def test_a_coordinator_who_restated_the_impact_does_not_sign_it_off(bot: Bot) -> None:
    complete(bot)  # the officer completes 1.1
    proposal = ask(bot, "update 1.1 impact: my own wording of what changed", COORD)
    click(bot, buttons(proposal)["proposal_save"], user=COORD)
    bot.wait_idle()
    before = stored(bot)
    reply = ask(bot, "signoff 1.1", COORD)
    assert "changed its completion date or impact, yourself" in reply.args["text"]
    assert stored(bot) == before and action_of(bot, "1.1").signoff == "awaiting"


# -- refusals: each with a clear message and nothing stored -----------------------------------


def test_a_non_coordinator_cannot_sign_off_or_return(bot: Bot) -> None:
    complete(bot)
    before = stored(bot)
    for text in ("signoff 1.1", "return 1.1 not good enough"):
        reply = ask(bot, text, SSP_LEAD)
        assert "Only coordinators can sign off" in reply.args["text"]
    action = action_of(bot, "1.1")
    click(bot, {"action_id": "signoff", "value": str(action.id)}, user=SSP_LEAD)
    bot.wait_idle()
    assert stored(bot) == before
    assert action_of(bot, "1.1").signoff == "awaiting"


def test_an_action_not_awaiting_sign_off_is_refused(bot: Bot) -> None:
    before = stored(bot)
    reply = ask(bot, "signoff 1.2", COORD)
    assert "is not awaiting sign-off (not complete)" in reply.args["text"]
    again = ask(bot, "signoff 7.1", COORD)
    assert "signed off already" in again.args["text"]
    assert stored(bot) == before


def test_nobody_signs_off_their_own_completion(bot: Bot) -> None:
    complete(bot, "1.3", user=COORD)
    before = stored(bot)
    reply = ask(bot, "signoff 1.3", COORD)
    assert "You completed this action, or changed" in reply.args["text"]
    returned = ask(bot, "return 1.3 redo", COORD)
    assert "You completed this action, or changed" in returned.args["text"]
    assert stored(bot) == before
    assert "lily:1.3" not in json.dumps(home_of(bot, COORD))


def test_a_missing_return_reason_is_refused(bot: Bot) -> None:
    complete(bot)
    before = stored(bot)
    reply = ask(bot, "return 1.1", COORD)
    assert "Give the reason it goes back" in reply.args["text"]
    assert stored(bot) == before


def test_a_reason_over_the_note_limit_is_refused(bot: Bot) -> None:
    complete(bot)
    before = stored(bot)
    reply = ask(bot, "return 1.1 " + "x" * 3001, COORD)
    assert "the limit is 3000" in reply.args["text"]
    note = ask(bot, "signoff 1.1 " + "y" * 3001, COORD)
    assert "the limit is 3000" in note.args["text"]
    assert stored(bot) == before


def test_without_an_impact_statement_it_cannot_be_signed_off_and_the_owner_is_asked(
    bot: Bot,
) -> None:
    complete(bot, impact="")
    action = action_of(bot, "1.1")
    assert (action.signoff, action.impact) == ("awaiting", None)
    before = stored(bot)
    reply = ask(bot, "signoff 1.1", COORD)
    assert "impact statement is missing" in reply.args["text"]
    assert stored(bot) == before

    home = home_of(bot, COORD)
    assert "impact statement missing" in json.dumps(home)
    ask_button = home_buttons(home)[("ask_impact", str(action.id))]
    click(bot, ask_button, user=COORD)
    bot.wait_idle()
    assert any("asks for the impact statement" in t for t in dms_to(bot, OFFICER))

    proposal = ask(bot, f"update 1.1 impact: {IMPACT}", OFFICER)
    click(bot, buttons(proposal)["proposal_save"])
    bot.wait_idle()
    assert action_of(bot, "1.1").impact == IMPACT
    assert "Signed off" in ask(bot, "signoff 1.1", COORD).args["text"]
    assert_replays(bot, "1.1")


def test_plain_language_completion_keeps_the_impact_apart_from_the_note(bot: Bot) -> None:
    proposal = ask(bot, "update 1.1 done on 20 November result: fewer repeat referrals", OFFICER)
    assert "Impact statement:" in dump(proposal) and "fewer repeat referrals" in dump(proposal)
    click(bot, buttons(proposal)["proposal_save"])
    bot.wait_idle()
    action = action_of(bot, "1.1")
    assert (action.status, action.impact) == ("complete", "fewer repeat referrals")
    with bot.db.uow() as session:
        row = session.scalars(select(Update).where(Update.impact.is_not(None))).one()
        assert row.note == "done on 20 November"


# -- re-programming --------------------------------------------------------------------------


def _move(bot: Bot, day: str, note: str, ref: str = "1.1", user: str = OFFICER) -> Any:
    view = open_form(bot, ref, user)
    answer = submit(bot, view, state("in_progress", note=note, day=day), user)
    bot.wait_idle()
    return answer


def test_a_later_target_needs_a_reason_and_the_second_move_waits_for_approval(bot: Bot) -> None:
    original = action_of(bot, "1.1").due_date
    before = stored(bot)
    refused = _move(bot, "2027-03-31", "")
    assert refused["response_action"] == "errors"
    assert "re-programming" in refused["errors"]["note"]
    assert stored(bot) == before

    assert _move(bot, "2027-03-31", "Safelives delayed the review.") is None
    first = action_of(bot, "1.1")
    assert (first.due_date, first.original_due_date, first.times_reprogrammed) == (
        date(2027, 3, 31),
        original,
        1,
    )

    assert _move(bot, "2027-06-30", "Staff shortages.") is None
    second = action_of(bot, "1.1")
    assert (second.due_date, second.times_reprogrammed) == (date(2027, 3, 31), 1)
    assert "waits for a coordinator's approval" in dms_to(bot, OFFICER)[-1]

    shown = ask(bot, "show 1.1", COORD)
    text = dump(shown)
    assert "Safelives delayed the review." in text and "waiting for a coordinator" in text
    approve = buttons(shown)["reprogram_approve"]
    click(bot, approve, user=COORD)
    bot.wait_idle()
    approved = action_of(bot, "1.1")
    assert (approved.due_date, approved.times_reprogrammed) == (date(2027, 6, 30), 2)
    assert approved.original_due_date == original
    assert any("approved moving `lily:1.1`" in t for t in dms_to(bot, OFFICER))
    assert_replays(bot, "1.1")

    decided = stored(bot)
    hook = click(bot, approve, user=COORD)
    bot.wait_idle()
    again = [c for c in bot.slack.calls_to("response_url") if c.name == hook]
    assert "already decided" in again[0].args["text"]
    assert stored(bot) == decided
    listed = dump(ask(bot, "show 1.1", COORD))
    assert "approved by <@U0COORD>" in listed and "moved 2 times" in listed


def test_a_request_overtaken_by_a_new_target_or_completion_can_no_longer_be_approved(
    bot: Bot,
) -> None:
    _move(bot, "2027-03-31", "Delayed.")
    _move(bot, "2027-06-30", "Delayed again.")
    approve = buttons(ask(bot, "show 1.1", COORD))["reprogram_approve"]
    assert _move(bot, "2027-02-15", "Back on track.") is None  # earlier: saved at once
    before = stored(bot)
    hook = click(bot, approve, user=COORD)
    bot.wait_idle()
    reply = [c.args["text"] for c in bot.slack.calls_to("response_url") if c.name == hook]
    assert "is no longer open" in reply[0] and "moved on" in reply[0]
    assert stored(bot) == before and action_of(bot, "1.1").due_date == date(2027, 2, 15)
    assert "Re-programming to approve" not in json.dumps(home_of(bot, COORD))
    assert "reprogram_approve" not in json.dumps(ask(bot, "show 1.1", COORD).args)
    # The same for a request left open when the action is completed.
    _move(bot, "2027-04-30", "Slipped.", "1.2", SSP_LEAD)
    _move(bot, "2027-05-31", "Slipped again.", "1.2", SSP_LEAD)
    assert "Re-programming to approve" in json.dumps(home_of(bot, COORD))
    complete(bot, "1.2", user=SSP_LEAD)
    assert "Re-programming to approve" not in json.dumps(home_of(bot, COORD))
    # Returned to In progress later, the old request stays closed.
    assert "Returned `lily:1.2`" in ask(bot, "return 1.2 Add the audit.", COORD).args["text"]
    assert "Re-programming to approve" not in json.dumps(home_of(bot, COORD))


def test_a_declined_re_programming_keeps_the_target(bot: Bot) -> None:
    _move(bot, "2027-03-31", "Delayed.")
    _move(bot, "2027-06-30", "Delayed again.")
    home = home_of(bot, COORD)
    assert "Re-programming to approve" in json.dumps(home)
    decline = next(b for (aid, _), b in home_buttons(home).items() if aid == "reprogram_decline")
    click(bot, decline, user=COORD)
    bot.wait_idle()
    action = action_of(bot, "1.1")
    assert (action.due_date, action.times_reprogrammed) == (date(2027, 3, 31), 1)
    assert any("declined moving" in t for t in dms_to(bot, OFFICER))
    assert_replays(bot, "1.1")


def test_a_decision_without_an_owner_tells_whoever_proposed_the_new_target(bot: Bot) -> None:
    assert action_of(bot, "1.3").owner_id is None
    assert _move(bot, "2027-03-31", "Delayed.", "1.3", SSP_LEAD) is None
    assert _move(bot, "2027-06-30", "Delayed again.", "1.3", SSP_LEAD) is None
    hook = click(bot, buttons(ask(bot, "show 1.3", COORD))["reprogram_approve"], user=COORD)
    bot.wait_idle()
    told = [c.args["text"] for c in bot.slack.calls_to("response_url") if c.name == hook]
    assert "Approved the new target for `lily:1.3`; <@U0SSPLEAD> was told." in told
    assert any("approved moving `lily:1.3`" in t for t in dms_to(bot, SSP_LEAD))


def test_only_coordinators_decide_a_re_programming(bot: Bot) -> None:
    _move(bot, "2027-03-31", "Delayed.")
    _move(bot, "2027-06-30", "Delayed again.")
    approve = buttons(ask(bot, "show 1.1", COORD))["reprogram_approve"]
    before = stored(bot)
    hook = click(bot, approve, user=SSP_LEAD)
    bot.wait_idle()
    reply = [c for c in bot.slack.calls_to("response_url") if c.name == hook]
    assert "Only coordinators" in reply[0].args["text"]
    assert stored(bot) == before


# -- ongoing actions and decisions -----------------------------------------------------------


def test_an_ongoing_action_without_a_statement_goes_amber_after_its_quarter(bot: Bot) -> None:
    assert "assurance overdue" not in dump(ask(bot, "show 8.1", OFFICER))
    bot.clock.now += timedelta(days=40)  # into January 2027: Q4 2026 ended without a statement
    shown = dump(ask(bot, "show 8.1", OFFICER))
    assert "assurance overdue" in shown and ":large_orange_circle:" in shown
    assert "assurance overdue" in dump(ask(bot, "mine", OFFICER))

    reply = ask(bot, "assure 8.1 The March audit found the procedure in use.", OFFICER)
    assert "Assurance statement recorded" in reply.args["text"]
    assert action_of(bot, "8.1").last_assured_on == date(2027, 1, 5)
    assert_replays(bot, "8.1")


def test_assurance_statements_are_refused_when_empty_or_not_ongoing(bot: Bot) -> None:
    before = stored(bot)
    assert "Say what shows" in ask(bot, "assure 8.1", OFFICER).args["text"]
    assert "not an open Ongoing action" in ask(bot, "assure 1.1 fine", OFFICER).args["text"]
    assert stored(bot) == before


def test_a_coordinator_records_a_decision_with_its_rationale(bot: Bot) -> None:
    reply = ask(bot, 'decision lily 3 partly "Only the frontline staff are trained."', COORD)
    assert "Partly agreed" in reply.args["text"]
    shown = dump(ask(bot, "show 3.1", OFFICER))
    assert "Partly agreed" in shown and "Only the frontline staff are trained." in shown

    refused = ask(bot, "decision lily 3 not", COORD)
    assert "Give a rationale" in refused.args["text"]
    stranger = ask(bot, "decision lily 3 agreed", SSP_LEAD)
    assert "Only coordinators can record the decision" in stranger.args["text"]
    bad = ask(bot, "decision lily 3 maybe", COORD)
    assert "agreed, partly, not" in bad.args["text"]
    with bot.db.uow() as session:
        assert len(session.scalars(select(RecommendationDecision)).all()) == 1


def test_the_weekly_summary_shows_each_assurance_list(bot: Bot) -> None:
    complete(bot, "1.1")
    ask(bot, "signoff 1.1", COORD)
    complete(bot, "1.2", user=SSP_LEAD)
    complete(bot, "8.1")
    ask(bot, "return 8.1 Ongoing work is never complete.", COORD)
    _move(bot, "2027-03-31", "Delayed by the provider.", ref="8.1")
    view = open_form(bot, "1.3", COORD)
    submit(bot, view, state("in_progress", note="Provider delayed.", day="2027-02-28"), COORD)
    bot.wait_idle()
    text = dump(ask(bot, "summary", COORD))
    for heading in (
        "Signed off this week (1)",
        "Awaiting sign-off (1)",
        "Returned (1)",
        "Re-programmed this week (1)",
    ):
        assert heading in text, heading
    bot.clock.now += timedelta(days=40)
    later = dump(ask(bot, "summary", COORD))
    assert "Assurance overdue (1)" in later and "lily:8.1" in later


def test_acknowledge_records_who_followed_a_drifting_action_up(bot: Bot) -> None:
    action = action_of(bot, "1.3")
    click(bot, {"action_id": "escalation_ack", "value": str(action.id)}, user=SSP_LEAD)
    bot.wait_idle()
    with bot.db.uow() as session:
        acks = session.scalars(select(EscalationAck)).all()
        assert [(a.action_id, a.user_id) for a in acks] == [(action.id, SSP_LEAD)]
