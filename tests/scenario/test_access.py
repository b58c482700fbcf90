"""Need to know, table-driven over signed HTTP: who learns what of which review.

Two reviews: `lily` (the demo plan: SSP, Police, … take part) and `rose`, whose only
agency is HOUSING. Every command, button, form, shortcut, picker and Home is tried by a
coordinator, a lead and a member of a taking-part agency, a member of an agency outside
the review and a stranger; whatever reaches Slack (replies, forms, Home, DMs, files, the
picker's options, form errors) is collected and searched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from blockkit_limits import assert_within_limits
from bot.language import ProposedUpdate
from bot.messages.proposal import encode
from bot.plans.document import PlanDocument
from bot.plans.importer import import_plan
from bot.status import Status
from devkit.localslack.payloads import (
    app_home_opened_event,
    block_actions_payload,
    button_action,
    interaction_body,
    message_shortcut_payload,
    view_submission_payload,
)
from devkit.localslack.server import Call
from devkit.localslack.wire import APP_ID, TEAM_ID
from harness import Bot
from helpers import NOW
from storage.models import Action, Review

COORD = "U0COORD"
SSP_LEAD = "U0SSPLEAD"
SSP_MEMBER = "U0SSPOFFICER"
HOUSING_MEMBER = "U0HOUSEMEMBER"
HOUSING_LEAD = "U0HOUSELEAD"
STRANGER = "U0STRANGER"
FORM = "application/x-www-form-urlencoded"

ROSE = {
    "review": {"slug": "rose", "title": "Review Rose Marigold"},
    "agencies": [
        {
            "code": "HOUSING",
            "name": "Tenancy Homes",
            "leads": [HOUSING_LEAD],
            "members": [HOUSING_MEMBER],
        }
    ],
    "recommendations": [
        {
            "number": 20,
            "text": "Tenancy officers ask about abuse (Marigold recommendation).",
            "ownership": ["HOUSING"],
            "actions": [
                {
                    "ref": "20.1",
                    "text": "Rehouse survivors via Marigold Court",
                    "lead": "HOUSING",
                    "target": "March 2026",
                    "owner": HOUSING_MEMBER,
                },
                {"ref": "20.2", "text": "Train Marigold tenancy staff", "lead": "HOUSING"},
            ],
        }
    ],
}


@dataclass(frozen=True)
class Target:
    """A review probed by a surface: what must never leak when it is not visible."""

    slug: str
    ref: str
    typo: str
    agency: str
    action_id: int
    secrets: tuple[str, ...]


@dataclass
class Seen:
    """Everything one person's requests made reach Slack, as text."""

    texts: list[str]

    def dump(self) -> str:
        return "\n".join(self.texts)


Surface = Callable[[Bot, str, Target, Seen], None]


def _command(text: str) -> Surface:
    def run(bot: Bot, user: str, target: Target, seen: Seen) -> None:
        typed = text.format(
            slug=target.slug, ref=target.ref, typo=target.typo, agency=target.agency
        )
        status, _, _ = bot.sender.command(
            typed, user_id=user, response_url=bot.slack.response_url("r")
        )
        assert status == 200

    run.__name__ = f"/dhr {text}"
    run.echoes = "{" in text  # type: ignore[attr-defined]
    return run


def _button(action_id: str, value: Callable[[Target], str]) -> Surface:
    def run(bot: Bot, user: str, target: Target, seen: Seen) -> None:
        response = bot.sender.interact(
            block_actions_payload(
                button_action(action_id, value(target)),
                user_id=user,
                channel_id="C0DHR0001",
                response_url=bot.slack.response_url("b"),
            )
        )
        assert response.status == 200
        seen.texts.append(response.body)

    run.__name__ = f"button {action_id}"
    return run


def _proposal(target: Target) -> str:
    proposal = ProposedUpdate(Status.IN_PROGRESS, None, None, (), "Work started", ())
    return encode(target.action_id, proposal, f"req-{target.slug}-{target.action_id}")


def _update_form(bot: Bot, user: str, target: Target, seen: Seen) -> None:
    values = {
        "status": {"value": {"type": "static_select", "selected_option": {"value": "in_progress"}}},
        "note": {"value": {"type": "plain_text_input", "value": "Work started"}},
    }
    response = bot.sender.interact(
        view_submission_payload(
            view_id="V0ACCESS1",
            callback_id="update_form",
            user_id=user,
            state_values=values,
            private_metadata=json.dumps({"a": target.action_id, "u": user, "c": None}),
        )
    )
    assert response.status == 200
    seen.texts.append(response.body)


def _evidence_form(bot: Bot, user: str, target: Target, seen: Seen) -> None:
    values = {
        "action": {
            "evidence_action": {
                "type": "external_select",
                "selected_option": {"value": str(target.action_id)},
            }
        },
        "description": {"value": {"type": "plain_text_input", "value": "Minutes"}},
    }
    metadata = {"u": user, "ch": "C0WORK", "ts": "1700000000.000100", "x": "Minutes"}
    response = bot.sender.interact(
        view_submission_payload(
            view_id="V0ACCESS2",
            callback_id="evidence_form",
            user_id=user,
            state_values=values,
            private_metadata=json.dumps(metadata),
        )
    )
    assert response.status == 200
    seen.texts.append(response.body)


def _shortcut_and_picker(bot: Bot, user: str, target: Target, seen: Seen) -> None:
    message = bot.slack.add_message("C0WORK", "Minutes of the panel", "U0SOMEONE")
    bot.sender.interact(
        message_shortcut_payload(
            callback_id="add_evidence",
            message=message,
            channel="C0WORK",
            user_id=user,
            response_url=bot.slack.response_url("s"),
        )
    )
    for typed in ("", target.ref[:2], f"{target.slug}:", "Marigold", "MARAC"):
        payload = {
            "type": "block_suggestion",
            "user": {"id": user, "name": user.lower(), "team_id": TEAM_ID},
            "team": {"id": TEAM_ID, "domain": "example"},
            "api_app_id": APP_ID,
            "action_id": "evidence_action",
            "block_id": "action",
            "value": typed,
            "view": {"id": "V0PICK", "type": "modal", "callback_id": "evidence_form"},
        }
        response = bot.sender.post(interaction_body(payload), FORM)
        assert response.status == 200
        seen.texts.append(response.body)


def _home(bot: Bot, user: str, target: Target, seen: Seen) -> None:
    assert bot.sender.event(app_home_opened_event(user)).status == 200


SURFACES: list[Surface] = [
    _command("mine"),
    _command("overdue"),
    _command("due"),
    _command("show {slug}:{ref}"),
    _command("show {ref}"),
    _command("show {slug}:{typo}"),
    _command("show {typo}"),
    _command("update {slug}:{ref}"),
    _command("update {ref} started the work"),
    _command("evidence {slug}:{ref} https://example.org/minutes"),
    _command("evidence {typo} minutes in the shared drive"),
    _command("assign {slug}:{typo} <@U0COORD>"),
    _command("agency {agency}"),
    _command("summary"),
    _command("summary {slug}"),
    _command("export {slug}"),
    _command("names {slug} list"),
    _command("review {slug}"),
    _button("open_update", lambda t: str(t.action_id)),
    _button("list_page", lambda t: json.dumps({"k": "agency", "a": t.agency, "p": 0})),
    _button("list_page_previous", lambda t: json.dumps({"k": "overdue", "a": "", "p": 1})),
    _button("proposal_edit", _proposal),
    _button("proposal_save", _proposal),
    _update_form,
    _evidence_form,
    _shortcut_and_picker,
    _home,
]

# Who sees which review.
PEOPLE = {
    "coordinator": (COORD, {"lily", "rose"}),
    "lead of a taking-part agency": (SSP_LEAD, {"lily"}),
    "member of a taking-part agency": (SSP_MEMBER, {"lily"}),
    "member of an agency outside the review": (HOUSING_MEMBER, {"rose"}),
    "stranger": (STRANGER, set()),
}


@pytest.fixture
def two_reviews(bot: Bot) -> dict[str, Target]:
    """Import `rose` beside `lily`; return how each is probed."""
    with bot.db.uow() as session:
        import_plan(PlanDocument.model_validate(ROSE), session=session, now=NOW, today=NOW.date())
        lily_actions = session.scalars(
            select(Action).join(Action.review).where(Review.slug == "lily")
        ).all()
        lily_texts = tuple(a.text[:40] for a in lily_actions)
        lily_id = next(a.id for a in lily_actions if a.ref == "1.1")
        rose_id = session.scalar(
            select(Action.id).join(Action.review).where(Review.slug == "rose", Action.ref == "20.1")
        )
    assert rose_id is not None
    # The app's first request also warms its Slack client up; watch from the second on.
    assert (
        bot.sender.command("help", user_id=COORD, response_url=bot.slack.response_url("w"))[0]
        == 200
    )
    bot.wait_idle()
    return {
        "lily": Target(
            "lily",
            "1.1",
            "1.9",
            "SSP",
            lily_id,
            ("lily", "Lily", "MARAC", *lily_texts),
        ),
        "rose": Target(
            "rose", "20.1", "20.9", "HOUSING", rose_id, ("rose", "Rose", "Marigold", "20.1", "20.2")
        ),
    }


@contextmanager
def watching(bot: Bot) -> Iterator[Seen]:
    """Collect every call the app makes to Slack, each checked against Block Kit's limits."""
    seen = Seen([])
    calls: list[Call] = []
    stop = bot.slack.on_call(calls.append)
    try:
        yield seen
    finally:
        bot.wait_idle()
        stop()
    for call in calls:
        assert_within_limits(call)
        seen.texts.append(json.dumps(call.args, ensure_ascii=False))


_NOISE = re.compile(r"R\d{6}|ref `[0-9a-f]{8}`|\d+\.T0DHR\d+\.localslack|req-\w+-\d+")
# A Slack message ts (seconds.micros, from the clock) can hold a ref by chance: "1796152320.204511".
_TIMESTAMP = re.compile(r"\d{10}\.\d{6}")


def _shown(secrets: list[str], text: str) -> list[str]:
    """Which secrets the text holds, once Slack's timestamps are taken out of it."""
    text = _TIMESTAMP.sub("~", text)
    return [s for s in secrets if s in text]


def test_a_timestamp_is_not_taken_for_a_ref() -> None:
    assert _shown(["20.2"], '{"ts":"1796152320.204511"}') == []
    assert _shown(["20.2"], '{"ts":"1796152320.204511","text":"20.2 Marigold"}') == ["20.2"]


def _normal(text: str, slug: str) -> str:
    return _NOISE.sub("~", _TIMESTAMP.sub("~", text.replace(slug, "SLUG")))


def _try(bot: Bot, user: str, surface: Surface, target: Target) -> str:
    with watching(bot) as seen:
        surface(bot, user, target, seen)
    return seen.dump()


@pytest.mark.parametrize("person", list(PEOPLE))
def test_nobody_learns_anything_of_a_review_they_do_not_take_part_in(
    bot: Bot, two_reviews: dict[str, Target], person: str
) -> None:
    user, visible = PEOPLE[person]
    leaks: list[str] = []
    for slug, target in two_reviews.items():
        if slug in visible:
            continue
        phantom = Target("ghost", target.ref, target.typo, target.agency, 999_999, ())
        for surface in SURFACES:
            text = _try(bot, user, surface, target)
            name = getattr(surface, "__name__", "surface")
            hidden = (
                [s for s in target.secrets if s not in (slug, target.ref, target.typo)]
                if getattr(surface, "echoes", False)
                else list(target.secrets)
            )
            leaks += [f"{name} showed {s!r} of {slug}" for s in _shown(hidden, text)]
            if getattr(surface, "echoes", False):
                # What the person typed comes back; apart from that, it reads like no review.
                ghost = _try(bot, user, surface, phantom)
                if _normal(text, slug) != _normal(ghost, "ghost"):
                    leaks.append(f"{name} answers {slug} unlike a review that does not exist")
    assert leaks == [], "\n".join(leaks)


def test_a_stranger_hears_only_whom_to_ask_whatever_ref_they_type(
    bot: Bot, two_reviews: dict[str, Target]
) -> None:
    for typed in ("assign 1.9 <@U0COORD>", "show rose:20.9", "show 20.1", "update lily:1.1"):
        text = _try(bot, STRANGER, _command(typed), two_reviews["lily"])
        assert "not registered" in text and "<@U0COORD>" in text
        assert "Did you mean" not in text and "lily" not in text and "rose" not in text


@pytest.mark.parametrize(
    ("person", "slug", "expected"),
    [
        ("coordinator", "lily", "Safelives to complete"),
        ("coordinator", "rose", "Rehouse survivors"),
        ("lead of a taking-part agency", "lily", "Safelives to complete"),
        ("member of a taking-part agency", "lily", "Safelives to complete"),
        ("member of an agency outside the review", "rose", "Rehouse survivors"),
    ],
)
def test_people_see_the_reviews_they_take_part_in(
    bot: Bot, two_reviews: dict[str, Target], person: str, slug: str, expected: str
) -> None:
    user, _ = PEOPLE[person]
    target = two_reviews[slug]
    assert expected in _try(bot, user, _command("show {slug}:{ref}"), target)
    title = "Domestic Homicide Review - Lily" if slug == "lily" else "Review Rose Marigold"
    assert title in _try(bot, user, _home, target)
    picker = _try(bot, user, _shortcut_and_picker, target)
    assert f"{slug}:{target.ref}" in picker


def test_suggestions_for_a_mistyped_ref_name_only_visible_refs(
    bot: Bot, two_reviews: dict[str, Target]
) -> None:
    text = _try(bot, HOUSING_MEMBER, _command("show 20.3"), two_reviews["rose"])
    assert "Did you mean" in text and "20.1" in text and "lily" not in text
    text = _try(bot, SSP_MEMBER, _command("show 1.9"), two_reviews["lily"])
    assert "Did you mean" in text and "rose" not in text and _shown(["20."], text) == []


def test_a_coordinator_adds_an_agency_to_a_review_and_its_people_then_see_it(
    bot: Bot, two_reviews: dict[str, Target]
) -> None:
    rose = two_reviews["rose"]
    before = _try(bot, SSP_MEMBER, _command("show {slug}:{ref}"), rose)
    assert "Rehouse" not in before
    refused = _try(bot, SSP_LEAD, _command("review rose add SSP"), rose)
    assert "Only coordinators" in refused
    assert "now takes part" in _try(bot, COORD, _command("review rose add SSP"), rose)
    assert "Rehouse survivors" in _try(bot, SSP_MEMBER, _command("show {slug}:{ref}"), rose)
    assert "SSP" in _try(bot, COORD, _command("review rose"), rose)
    assert "removed" in _try(bot, COORD, _command("review rose remove SSP"), rose)
    assert "Rehouse" not in _try(bot, SSP_MEMBER, _command("show {slug}:{ref}"), rose)


def _owner_of(bot: Bot, action_id: int) -> str | None:
    with bot.db.uow() as session:
        action = session.get(Action, action_id)
        assert action is not None
        return action.owner_id


def test_an_action_is_owned_only_by_someone_who_can_see_its_review(
    bot: Bot, two_reviews: dict[str, Target]
) -> None:
    lily, rose = two_reviews["lily"], two_reviews["rose"]
    owner = _owner_of(bot, lily.action_id)
    # HOUSING takes part in rose only: its member would own an action they cannot see.
    refused = _try(bot, COORD, _command(f"assign {{slug}}:{{ref}} <@{HOUSING_MEMBER}>"), lily)
    assert f"<@{HOUSING_MEMBER}> can't see `lily:1.1`" in refused
    assert "`/dhr review lily add HOUSING`" in refused
    assert "now owns" not in refused and _owner_of(bot, lily.action_id) == owner
    # A lead is not told the agency's code: it may be one of a review they do not see.
    by_lead = _try(bot, SSP_LEAD, _command(f"assign {{slug}}:{{ref}} <@{HOUSING_MEMBER}>"), lily)
    assert "can't see `lily:1.1`" in by_lead and "HOUSING" not in by_lead
    assert "ask a coordinator to add theirs" in by_lead
    # Once a coordinator adds HOUSING to lily, its member may own the action.
    assert "now takes part" in _try(bot, COORD, _command("review lily add HOUSING"), lily)
    owned = _try(bot, COORD, _command(f"assign {{slug}}:{{ref}} <@{HOUSING_MEMBER}>"), lily)
    assert f"<@{HOUSING_MEMBER}> now owns `lily:1.1`" in owned
    assert _owner_of(bot, lily.action_id) == HOUSING_MEMBER
    # A coordinator sees every review, and may own an action without being in an agency.
    owned = _try(bot, COORD, _command(f"assign {{slug}}:{{ref}} <@{COORD}>"), rose)
    assert f"<@{COORD}> now owns `rose:20.1`" in owned
    assert _owner_of(bot, rose.action_id) == COORD


def test_an_agency_outside_the_reviews_someone_sees_is_answered_like_no_agency(
    bot: Bot, two_reviews: dict[str, Target]
) -> None:
    lily, rose = two_reviews["lily"], two_reviews["rose"]
    hidden = _try(bot, SSP_MEMBER, _command("agency HOUSING"), rose)
    absent = _try(bot, SSP_MEMBER, _command("agency NOSUCH"), rose)
    assert "There is no agency `HOUSING`" in hidden
    assert _normal(hidden, "HOUSING") == _normal(absent, "NOSUCH")
    assert "Tenancy Homes" not in hidden and HOUSING_LEAD not in hidden
    assert "SSP" in absent and "HOUSING" not in absent  # the agencies they may look up
    # Their own agency, one taking part in a review they see, and any agency for a coordinator.
    assert "Tenancy Homes" in _try(bot, HOUSING_MEMBER, _command("agency HOUSING"), rose)
    assert "There is no agency" not in _try(bot, SSP_MEMBER, _command("agency Police"), lily)
    assert "Tenancy Homes" in _try(bot, COORD, _command("agency HOUSING"), rose)


def test_removing_an_owner_from_their_agency_names_the_actions_to_reassign(
    bot: Bot, two_reviews: dict[str, Target]
) -> None:
    rose = two_reviews["rose"]
    assert _owner_of(bot, rose.action_id) == HOUSING_MEMBER
    reply = _try(bot, COORD, _command(f"agency HOUSING remove <@{HOUSING_MEMBER}>"), rose)
    assert f"<@{HOUSING_MEMBER}> was removed from HOUSING." in reply
    assert "They still own `rose:20.1`, which they can no longer see" in reply
    assert "`/dhr assign rose:20.1 @person`" in reply
    # Someone owning no action: nothing more to say.
    lead = _try(bot, COORD, _command(f"agency HOUSING remove <@{HOUSING_LEAD}>"), rose)
    assert f"<@{HOUSING_LEAD}> was removed from HOUSING." in lead and "still own" not in lead
