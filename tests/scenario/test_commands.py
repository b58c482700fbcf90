"""`/dhr` subcommands over signed HTTP: help, lists, paging, show, refs, people, assign."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.plans.document import PlanDocument
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from devkit.localslack.payloads import block_actions_payload, button_action
from devkit.localslack.server import Call
from harness import Bot, action_of, ask, dump, elements, wait_named, writes
from helpers import NOW
from storage.models import Action, Agency, Evidence
from storage.repositories import action_lists as lists

COORD = "U0COORD"
SSP_LEAD = "U0SSPLEAD"
OFFICER = "U0SSPOFFICER"
POLICE_LEAD = "U0POLICELEAD"
STRANGER = "U0STRANGER"
LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"


def test_help_and_bare_command_show_usage(bot: Bot) -> None:
    for text in ("", "help"):
        reply = ask(bot, text, OFFICER)
        assert reply.args["response_type"] == "ephemeral"
        assert "/dhr mine" in dump(reply) and "/dhr update 1.2" in dump(reply)


def test_unknown_subcommand_suggests_the_close_match(bot: Bot) -> None:
    reply = ask(bot, "mien", OFFICER)
    assert "I don't know `/dhr mien`" in dump(reply)
    assert "Did you mean `/dhr mine`?" in dump(reply)


def test_mine_lists_owned_actions_with_update_buttons(bot: Bot) -> None:
    reply = ask(bot, "mine", OFFICER)
    assert reply.args["response_type"] == "ephemeral"
    text = dump(reply)
    assert "lily:1.1" in text and "lily:8.1" in text and "lily:1.2" not in text
    updates = [e for e in elements(reply) if e["action_id"] == "open_update"]
    ids = {int(e["value"]) for e in updates}
    with bot.db.uow() as session:
        owned = set(session.scalars(select(Action.id).where(Action.owner_id == OFFICER)))
    assert ids == owned


def _add_review(bot: Bot, slug: str, owner: str) -> None:
    """Import a copy of the Lily plan as another review, every action owned by `owner`."""
    lily = parse_plan(LILY).document
    recommendations = tuple(
        rec.model_copy(
            update={"actions": tuple(a.model_copy(update={"owner": owner}) for a in rec.actions)}
        )
        for rec in lily.recommendations
    )
    plan = lily.model_copy(
        update={
            "review": lily.review.model_copy(update={"slug": slug, "title": f"Review {slug}"}),
            "recommendations": recommendations,
        }
    )
    with bot.db.uow() as session:
        import_plan(plan, session=session, now=NOW, today=NOW.date())


def _page_button(call: Call, text: str) -> dict[str, Any] | None:
    return next(
        (
            e
            for e in elements(call)
            if e["action_id"].startswith("list_page") and e["text"]["text"] == text
        ),
        None,
    )


def test_mine_pages_with_show_more_over_fifteen_actions(bot: Bot) -> None:
    _add_review(bot, "rose", OFFICER)
    with bot.db.uow() as session:
        total = session.scalar(
            select(func.count()).select_from(Action).where(Action.owner_id == OFFICER)
        )
    assert total is not None and 15 < total <= 30
    first = ask(bot, "mine", OFFICER)
    assert f"{total} actions" in dump(first)
    assert len([e for e in elements(first) if e["action_id"] == "open_update"]) == 15
    more = _page_button(first, "Show more")
    assert more is not None and _page_button(first, "Previous") is None
    assert json.loads(more["value"]) == {"k": "mine", "a": "", "p": 1}

    bot.sender.interact(
        block_actions_payload(
            button_action("list_page", more["value"], block_id="paging", text="Show more"),
            user_id=OFFICER,
            channel_id="C0DHR0001",
            response_url=bot.slack.response_url("page2"),
        )
    )
    second = wait_named(bot, "page2")
    assert second.args["replace_original"] is True
    assert "Page 2 of 2" in dump(second)
    assert len([e for e in elements(second) if e["action_id"] == "open_update"]) == total - 15
    assert _page_button(second, "Show more") is None
    assert _page_button(second, "Previous") is not None
    first_ids = {e["value"] for e in elements(first) if e["action_id"] == "open_update"}
    second_ids = {e["value"] for e in elements(second) if e["action_id"] == "open_update"}
    assert not first_ids & second_ids


def test_show_gives_the_action_in_full(bot: Bot) -> None:
    reply = ask(bot, "show 1.2", OFFICER)
    text = dump(reply)
    assert "lily:1.2" in text and "Key milestones" in text and "History" in text
    assert "Evidence" in text


def test_refs_with_review_prefix_and_ambiguity(bot: Bot) -> None:
    assert "lily:1.2" in dump(ask(bot, "show lily:1.2", OFFICER))
    _add_review(bot, "rose", OFFICER)
    ambiguous = dump(ask(bot, "show 1.2", OFFICER))
    assert "Several reviews" in ambiguous and "rose:1.2" in ambiguous
    assert "rose:1.2" in dump(ask(bot, "show rose:1.2", OFFICER))


def test_unknown_ref_suggests_close_refs(bot: Bot) -> None:
    reply = dump(ask(bot, "show 1.9", OFFICER))
    assert "There is no action `1.9`" in reply and "Did you mean" in reply
    garbage = dump(ask(bot, "show banana", OFFICER))
    assert "is not an action ref" in garbage


def test_overdue_and_due_lists(bot: Bot) -> None:
    overdue = ask(bot, "overdue", OFFICER)
    # Autumn 2022 targets are long past on 26 Nov 2026.
    assert "Overdue actions" in dump(overdue) and "lily:1.1" in dump(overdue)
    due = ask(bot, "due", OFFICER)
    assert "Nothing is due in the next 30 days" in dump(due)


def test_stranger_is_told_who_the_coordinators_are(bot: Bot) -> None:
    for text in ("mine", "show 1.1", "overdue", "update 1.1 done", "evidence 1.1 https://a.org"):
        reply = dump(ask(bot, text, STRANGER))
        assert "not registered" in reply and f"<@{COORD}>" in reply
    assert writes(bot)[0] == 0


def test_lead_assigns_to_a_registered_person(bot: Bot) -> None:
    before = writes(bot)
    reply = dump(ask(bot, "assign 1.3 <@U0SSPOFFICER|officer>", SSP_LEAD))
    assert "<@U0SSPOFFICER> now owns `lily:1.3`" in reply
    assert action_of(bot, "1.3").owner_id == OFFICER
    assert writes(bot)[0] == before[0] + 1


def test_assign_refused_for_owner_member_and_unregistered_new_owner(bot: Bot) -> None:
    before = writes(bot)
    refused = dump(ask(bot, "assign 1.1 <@U0SSPLEAD>", OFFICER))
    assert "Only a lead of the action's agency or a coordinator can assign it" in refused
    other_lead = dump(ask(bot, "assign 1.3 <@U0SSPOFFICER>", POLICE_LEAD))
    assert "can't do that" in other_lead
    unregistered = dump(ask(bot, "assign 1.3 <@U0NEWPERSON>", COORD))
    assert "isn't registered with any agency" in unregistered
    assert writes(bot) == before and action_of(bot, "1.3").owner_id is None


def test_coordinator_adds_and_removes_agency_people(bot: Bot) -> None:
    added = dump(ask(bot, "agency Police add <@U0NEWPERSON|new> lead", COORD))
    assert "<@U0NEWPERSON> is now a lead of Police" in added
    assert "Actions of Police" in dump(ask(bot, "agency Police", "U0NEWPERSON"))
    removed = dump(ask(bot, "agency Police remove <@U0NEWPERSON>", COORD))
    assert "was removed from Police" in removed
    assert "not registered" in dump(ask(bot, "mine", "U0NEWPERSON"))


def test_non_coordinators_cannot_manage_people(bot: Bot) -> None:
    before = writes(bot)
    for user in (SSP_LEAD, OFFICER):
        reply = dump(ask(bot, "agency SSP add <@U0NEWPERSON> member", user))
        assert "Only coordinators can add or remove people" in reply
        reply = dump(ask(bot, "agency SSP remove <@U0SSPOFFICER>", user))
        assert "Only coordinators" in reply
        reply = dump(ask(bot, "coordinator add <@U0NEWPERSON>", user))
        assert "Only coordinators" in reply
    assert writes(bot) == before


def test_coordinator_adds_and_removes_a_coordinator(bot: Bot) -> None:
    assert "is now a coordinator" in dump(ask(bot, "coordinator add <@U0SECOND>", COORD))
    assert writes(bot)[2] == 1
    # The new coordinator can manage people at once.
    assert "is now a member of ASC" in dump(ask(bot, "agency ASC add <@U0X1> member", "U0SECOND"))
    assert "is no longer a coordinator" in dump(ask(bot, "coordinator remove <@U0SECOND>", COORD))
    assert writes(bot)[2] == 0
    env = dump(ask(bot, "coordinator remove <@U0COORD>", COORD))
    assert "DHR_COORDINATORS" in env
    stranger = dump(ask(bot, "mine", "U0SECOND"))
    assert "not registered" in stranger


def test_a_lead_pages_through_150_actions_with_previous_and_show_more(bot: Bot) -> None:
    plan = {
        "review": {"slug": "big", "title": "Big review"},
        "agencies": [{"code": "SSP", "name": "Safer Somerset Partnership"}],
        "recommendations": [
            {
                "number": n,
                "text": f"Recommendation {n}",
                "actions": [
                    {"ref": f"{n}.{k}", "text": f"Action {n}.{k}", "lead": "SSP"}
                    for k in range(1, 16)
                ],
            }
            for n in range(1, 11)
        ],
    }
    with bot.db.uow() as session:
        import_plan(PlanDocument.model_validate(plan), session=session, now=NOW, today=NOW.date())
        lead_agency = session.scalar(select(Agency.id).where(Agency.code == "SSP"))
        mine = lists.owned_by(SSP_LEAD) | lists.of_agencies([lead_agency or 0])
        count = select(func.count()).select_from(Action).where(mine.build())
        total = session.scalar(count, dict(mine.values)) or 0
    assert total >= 150
    page = ask(bot, "mine", SSP_LEAD)
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        seen += [e["value"] for e in elements(page) if e["action_id"] == "open_update"]
        paging = [b for b in page.args["blocks"] if b.get("block_id") == "paging"]
        ids = [e["action_id"] for b in paging for e in b["elements"]]
        assert len(ids) == len(set(ids))  # Slack refuses one action_id twice in a block
        more = _page_button(page, "Show more")
        if more is None:
            break
        if pages == 2:  # Previous goes back, under its own action_id
            back = _page_button(page, "Previous")
            assert back is not None and back["action_id"] == "list_page_previous"
            name = f"back-{pages}"
            bot.sender.interact(
                block_actions_payload(
                    button_action(back["action_id"], back["value"], block_id="paging"),
                    user_id=SSP_LEAD,
                    channel_id="C0DHR0001",
                    response_url=bot.slack.response_url(name),
                )
            )
            assert "Page 1 of" in dump(wait_named(bot, name))
        name = f"page-{pages + 1}"
        bot.sender.interact(
            block_actions_payload(
                button_action(more["action_id"], more["value"], block_id="paging"),
                user_id=SSP_LEAD,
                channel_id="C0DHR0001",
                response_url=bot.slack.response_url(name),
            )
        )
        page = wait_named(bot, name)
    assert len(seen) == len(set(seen)) == total
    assert pages == -(-total // 15)


def test_an_agency_named_in_two_words_is_told_codes_are_one_word(bot: Bot) -> None:
    before = writes(bot)
    reply = dump(ask(bot, "agency Adult Social", COORD))
    assert "An agency is named by its code, one word" in reply and "`/dhr agency XYZ`" in reply
    assert writes(bot) == before


def _update_buttons(bot: Bot, text: str, user: str) -> set[int]:
    return {
        int(e["value"]) for e in elements(ask(bot, text, user)) if e["action_id"] == "open_update"
    }


def test_lists_offer_update_only_on_actions_the_person_may_update(bot: Bot) -> None:
    owned = action_of(bot, "1.1")
    assert owned.owner_id == OFFICER
    listed = ask(bot, "agency SSP", OFFICER)
    assert _update_buttons(bot, "agency SSP", OFFICER) == {
        a.id for a in (action_of(bot, "1.1"), action_of(bot, "8.1")) if a.owner_id == OFFICER
    }
    assert "anyone in its agency can add evidence" in dump(listed)
    # A lead of the agency may update every action of it: no hint needed.
    lead = ask(bot, "agency SSP", SSP_LEAD)
    shown = [e for e in elements(lead) if e["action_id"] == "open_update"]
    assert shown and "anyone in its agency can add evidence" not in dump(lead)


def test_evidence_reads_a_link_as_updates_do(bot: Bot) -> None:
    for text in (
        "evidence 1.1 <https://example.org/p|the minutes> board minutes",
        "evidence 1.1 https://example.org/report(final).pdf), the final report",
    ):
        assert "Evidence added" in dump(ask(bot, text, OFFICER))
    with bot.db.uow() as session:
        rows = session.scalars(select(Evidence).order_by(Evidence.id)).all()
        assert [(e.url, e.description) for e in rows] == [
            ("https://example.org/p", "board minutes"),
            ("https://example.org/report(final).pdf", "the final report"),
        ]


def test_summary_post_says_how_to_post(bot: Bot) -> None:
    reply = dump(ask(bot, "summary post", COORD))
    assert "press *Post now* under the preview" in reply and "No review" not in reply
