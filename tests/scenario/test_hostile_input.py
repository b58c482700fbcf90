"""Hostile input over signed HTTP: protected names and identifiers refused where text enters,
links that are only links, typed markup escaped wherever it is shown, and a bounded edge."""

from __future__ import annotations

import http.client
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from bot.plans.document import PlanDocument
from bot.plans.importer import import_plan
from bot.safety.links import link_problem
from devkit.localslack.payloads import (
    app_home_opened_event,
    message_shortcut_payload,
)
from devkit.localslack.signing import sign
from harness import (
    Bot,
    action_of,
    ask,
    buttons,
    click,
    dump,
    open_form,
    state,
    stored,
    submit,
    submit_evidence,
)
from helpers import NOW
from storage.models import RecommendationDecision

COORD = "U0COORD"
OFFICER = "U0SSPOFFICER"
SECRET = "test-signing-secret"
NHS = "943 476 5919"  # passes the modulus-11 check


def _protect(bot: Bot) -> None:
    reply = ask(bot, 'names lily add "Jane Doe" as Lily', COORD)
    assert "Jane" not in dump(reply) and "protected" in dump(reply)


def test_names_list_shows_initials_and_the_name_is_never_echoed_or_logged(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _protect(bot)
    listed = dump(ask(bot, "names lily list", COORD))
    assert "J. D." in listed and "Lily" in listed and "1 protected name" in listed
    assert "Jane" not in listed and "Doe" not in listed
    refused = dump(ask(bot, 'names lily add "Jane Doe" as Lily', OFFICER))
    assert "Only coordinators" in refused and "Jane" not in refused
    bot.wait_idle()
    assert not [r for r in caplog.records if "Jane" in r.getMessage()]


@pytest.mark.parametrize(
    "command",
    [
        'names lily add "" as Adult A',
        'names lily add "Jane Doe" as Jane Doe',
        'names lily add "Jane Doe" as Jane',
        'names lily add "Jane Doe" as Ms Doe',
    ],
)
def test_an_empty_name_or_a_pseudonym_holding_the_name_is_refused(bot: Bot, command: str) -> None:
    reply = dump(ask(bot, command, COORD))
    assert "Give the name in quotes" in reply or "must not hold the real name" in reply
    assert "0 protected names" in dump(ask(bot, "names lily list", COORD))


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("Met Jane Doe's sister about the plan", "a protected name"),
        (f"Checked the record for NHS {NHS}", "an NHS number"),
        ("Victim DOB 12/03/1980 confirmed", "a date of birth"),
        ("Call her on 07700 900123 to confirm", "a phone number"),
        ("Visited the flat at BS1 4DJ", "a full postcode"),
    ],
)
def test_the_update_form_refuses_identifying_text_on_the_field(
    bot: Bot, note: str, kind: str
) -> None:
    _protect(bot)
    answer = submit(bot, open_form(bot), state(note=note))
    assert answer["response_action"] == "errors"
    assert kind in answer["errors"]["note"]
    if kind == "a protected name":
        assert "Lily" in answer["errors"]["note"] and "Jane" not in answer["errors"]["note"]
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_the_update_form_refuses_a_protected_name_in_the_impact_or_a_file_name(
    bot: Bot,
) -> None:
    _protect(bot)
    values = state("complete", note="Delivered.", day="2026-11-20")
    values["impact"] = {"value": {"type": "plain_text_input", "value": "Jane Doe's children"}}
    answer = submit(bot, open_form(bot), values)
    assert (
        answer["response_action"] == "errors" and "a protected name" in answer["errors"]["impact"]
    )
    files = [{"id": "F0NOTES", "name": "Jane Doe notes.txt", "permalink": "https://x.slack.com/f"}]
    values = state("in_progress", note="Notes attached.", files=files)
    answer = submit(bot, open_form(bot), values)
    assert answer["response_action"] == "errors" and "a protected name" in answer["errors"]["files"]
    assert "Jane" not in json.dumps(answer)
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def _protect_and_complete(bot: Bot) -> None:
    """Protect Jane Doe, then complete 1.1 with an impact: it awaits a coordinator."""
    _protect(bot)
    values = state("complete", note="Delivered.", day="2026-11-20")
    values["impact"] = {"value": {"type": "plain_text_input", "value": "Referrals doubled."}}
    assert submit(bot, open_form(bot), values) is None
    bot.wait_idle()


def test_sign_off_return_assurance_and_decisions_refuse_a_protected_name(bot: Bot) -> None:
    _protect_and_complete(bot)
    before = stored(bot)
    for command in (
        "signoff 1.1 checked with Jane Doe's family",
        "return 1.1 Jane Doe's family was not consulted",
        "assure 8.1 reviewed with Jane Doe",
        'decision lily 3 partly "Jane Doe\'s case was different"',
    ):
        reply = dump(ask(bot, command, COORD))
        assert "a protected name" in reply and "Jane" not in reply, command
    bot.wait_idle()
    assert stored(bot) == before
    assert action_of(bot, "1.1").signoff == "awaiting"
    assert "Jane" not in dump(ask(bot, "show 1.1", COORD))
    with bot.db.uow() as session:
        assert session.scalar(select(func.count()).select_from(RecommendationDecision)) == 0


def test_the_return_form_refuses_a_protected_name_on_the_field(bot: Bot) -> None:
    _protect_and_complete(bot)
    opened = len(bot.slack.calls_to("views.open"))
    click(bot, {"action_id": "return_open", "value": str(action_of(bot, "1.1").id)}, user=COORD)
    bot.slack.wait_for("views.open", count=opened + 1)
    form = list(bot.slack.views.values())[-1]
    reason = {"reason": {"value": {"type": "plain_text_input", "value": "Ask Jane Doe first"}}}
    answer = submit(bot, form, reason, COORD)
    assert (
        answer["response_action"] == "errors" and "a protected name" in answer["errors"]["reason"]
    )
    bot.wait_idle()
    assert action_of(bot, "1.1").status == "complete"


def test_an_ordinary_note_with_dates_refs_and_counts_is_saved(bot: Bot) -> None:
    _protect(bot)
    note = "Policy 2024/17 agreed on 12/03/2026; 45 staff trained, ref 1.2 next."
    assert submit(bot, open_form(bot), state(note=note)) is None
    bot.wait_idle()
    assert stored(bot) == (1, 0)


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("update 1.1 done yesterday after speaking to Jane Doe", "a protected name"),
        (f"update 1.1 started, NHS number {NHS} checked", "an NHS number"),
        ("evidence 1.1 call 07700 900123 for the minutes", "a phone number"),
        ("evidence 1.1 https://ok.example/minutes minutes for BS1 4DJ", "a full postcode"),
        ("evidence 1.1 Jane Doe's statement is in the safe", "a protected name"),
    ],
)
def test_plain_language_and_evidence_commands_refuse_identifying_text(
    bot: Bot, command: str, kind: str
) -> None:
    _protect(bot)
    reply = ask(bot, command, OFFICER)
    assert kind in dump(reply) and "Jane" not in dump(reply)
    assert not buttons(reply)  # no proposal to save
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def _shortcut_form(bot: Bot, text: str, **extra: Any) -> dict[str, Any]:
    message = bot.slack.add_message("C0WORK", text, "U0SOMEONE", **extra)
    opened = len(bot.slack.calls_to("views.open"))  # forms the test opened before
    bot.sender.interact(
        message_shortcut_payload(
            callback_id="add_evidence",
            message=message,
            channel="C0WORK",
            user_id=OFFICER,
            response_url=bot.slack.response_url("shortcut"),
        )
    )
    bot.slack.wait_for("views.open", count=opened + 1)
    return list(bot.slack.views.values())[-1]


def _submit_evidence(bot: Bot, view: dict[str, Any], description: str) -> Any:
    return submit_evidence(bot, view, action_of(bot, "1.1").id, description).json()


@pytest.mark.parametrize(
    ("excerpt", "description", "kind"),
    [
        ("Panel minutes: DOB 12/03/1980 noted", "Minutes", "a date of birth"),
        ("Panel minutes", "Jane Doe's file", "a protected name"),
        ("Rang Jane Doe about it", "Minutes", "a protected name"),
    ],
)
def test_the_shortcut_refuses_an_excerpt_or_description_with_identifying_text(
    bot: Bot, excerpt: str, description: str, kind: str
) -> None:
    _protect(bot)
    answer = _submit_evidence(bot, _shortcut_form(bot, excerpt), description)
    assert answer["response_action"] == "errors" and kind in answer["errors"]["description"]
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_the_shortcut_refuses_a_message_whose_file_name_holds_a_protected_name(bot: Bot) -> None:
    _protect(bot)
    bot.slack.add_file("F0REFERRAL", "jane-doe-referral.pdf", "https://x.slack.com/f/1")
    files = [{"id": "F0REFERRAL", "name": "jane-doe-referral.pdf"}]
    answer = _submit_evidence(
        bot, _shortcut_form(bot, "Referral attached", files=files), "Referral"
    )
    assert answer["response_action"] == "errors"
    assert "A file of the message" in answer["errors"]["description"]
    assert "Jane" not in json.dumps(answer) and "jane" not in json.dumps(answer)
    bot.wait_idle()
    assert stored(bot) == (0, 0)


# -- links and markup ------------------------------------------------------------------------

HOSTILE = "<!channel> <!here> <@U0EVIL> <https://evil.example|label> & co"
RAW = ("<!channel>", "<!here>", "<@U0EVIL>", "<https://evil.example")


@pytest.mark.parametrize(
    ("link", "first_word"),
    [
        ("https://ok.example/>*<!channel>*<https://evil.example/login", True),
        ("https://ok.example/a|label>", False),
        ("javascript:alert(1)", False),
        ("https://ok.example/a\tb", False),
        ("https://user:pw@ok.example/a", True),
        ("https://" + "a" * 2001 + ".example", True),
    ],
)
def test_links_that_are_not_only_links_are_refused_everywhere(
    bot: Bot, link: str, first_word: bool
) -> None:
    answer = submit(bot, open_form(bot), state(note="Started", links=link))
    assert answer["response_action"] == "errors" and "links" in answer["errors"]
    bot.wait_idle()
    assert stored(bot) == (0, 0)
    if first_word:  # `/dhr evidence REF LINK`: a link is refused, not stored as something else
        assert "link" in dump(ask(bot, f"evidence 1.1 {link}", OFFICER)).lower()
        assert stored(bot) == (0, 0)
    # Plain language: whatever it reads as a link is offered for Save only when it is one.
    proposal = buttons(ask(bot, f"update 1.1 started, see {link}", OFFICER))
    if "proposal_save" in proposal:
        offered = json.loads(proposal["proposal_save"]["value"])["l"]
        assert all(link_problem(url) is None for url in offered)


def _mrkdwn(node: Any) -> str:
    """Return every text Slack reads as mrkdwn: a message's `text` and mrkdwn objects.

    plain_text (headers, buttons, titles) shows markup as typed, harmlessly.
    """
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" or (
            "text" in node
            and isinstance(node["text"], str)
            and node.get("type") in (None, "section")
        ):
            found.append(str(node.get("text", "")))
        for key, value in node.items():
            if key != "text" or not isinstance(value, str):
                found.append(_mrkdwn(value))
    elif isinstance(node, list):
        found += [_mrkdwn(item) for item in node]
    return "\n".join(t for t in found if t)


def test_typed_markup_is_escaped_in_every_field_that_is_shown(bot: Bot) -> None:
    plan = {
        "review": {"slug": "hostile", "title": f"Review {HOSTILE}"},
        "agencies": [{"code": "EVIL", "name": f"Agency {HOSTILE}", "members": [OFFICER]}],
        "recommendations": [
            {
                "number": 30,
                "text": f"Recommendation {HOSTILE}",
                "actions": [
                    {
                        "ref": "30.1",
                        "text": f"Action {HOSTILE}",
                        "lead": "EVIL",
                        "target": "March 2027",
                        "owner": OFFICER,
                        "milestones": [f"Milestone {HOSTILE}"],
                        "outcome": f"Outcome {HOSTILE}",
                    }
                ],
            }
        ],
    }
    with bot.db.uow() as session:
        import_plan(PlanDocument.model_validate(plan), session=session, now=NOW, today=NOW.date())
    submit(bot, open_form(bot, "hostile:30.1"), state(note=f"Note {HOSTILE}"))
    ask(bot, f"evidence hostile:30.1 https://docs.example.org/minutes Minutes {HOSTILE}", OFFICER)
    ask(bot, f"evidence hostile:30.1 Kept in the safe {HOSTILE}", OFFICER)
    view = _shortcut_form(bot, f"Excerpt {HOSTILE}")
    submit_evidence(bot, view, action_of(bot, "30.1").id, "")
    assert stored(bot)[1] == 3
    shown = [
        _mrkdwn(ask(bot, "show hostile:30.1", OFFICER).args),
        _mrkdwn(ask(bot, "mine", OFFICER).args),
        _mrkdwn(ask(bot, "agency EVIL", OFFICER).args),
        _mrkdwn(ask(bot, "summary hostile", COORD).args),
        _mrkdwn(ask(bot, f"show {HOSTILE}", OFFICER).args),
        _mrkdwn(ask(bot, f"frobnicate {HOSTILE}", OFFICER).args),
        _mrkdwn(ask(bot, "update hostile:30.1 started today", OFFICER).args),
    ]
    bot.sender.event(app_home_opened_event(OFFICER))
    bot.wait_idle()
    shown += [_mrkdwn(c.args) for c in bot.slack.calls_to("views.publish")]
    shown += [_mrkdwn(c.args) for c in bot.slack.calls_to("views.open")]
    shown += [_mrkdwn(c.args) for c in bot.slack.calls_to("chat.postMessage")]
    for index, text in enumerate(shown):
        for raw in RAW:
            assert raw not in text, (index, raw, text[max(0, text.find(raw) - 300) :][:500])
    assert "&lt;!channel&gt;" in shown[0] and "Outcome &lt;!channel&gt;" in shown[0]
    assert "(docs.example.org)" in shown[0]  # the host beside a link's label


# -- the edge --------------------------------------------------------------------------------


def _raw_post(bot: Bot, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    parts = urlsplit(bot.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.putrequest("POST", parts.path)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        connection.send(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_body_over_one_mebibyte_gets_413_before_it_is_read(bot: Bot) -> None:
    # Announce 5 MB and send only a little: the answer comes without waiting for the rest.
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(5 * 1024 * 1024),
    }
    status, _ = _raw_post(bot, b"payload=" + b"x" * 1000, headers)
    assert status == 413
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_an_undecodable_signed_body_gets_400(bot: Bot) -> None:
    body = b"command=%2Fdhr&text=\xff\xfe&user_id=U0COORD"
    signed = sign(SECRET, body.decode("latin-1"), int(NOW.timestamp()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
        **signed,
    }
    status, _ = _raw_post(bot, body, headers)
    assert status == 400
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_protecting_a_name_already_typed_names_the_actions_that_hold_it(bot: Bot) -> None:
    click(
        bot,
        buttons(ask(bot, "update 1.1 started, met Jane Doe's sister", OFFICER))["proposal_save"],
    )
    lead = "U0SSPLEAD"
    assert submit(bot, open_form(bot, "1.3", lead), state(note="See jane-doe.pdf"), lead) is None
    bot.wait_idle()
    assert "Partly agreed" in dump(ask(bot, 'decision lily 3 partly "Jane Doe\'s case"', COORD))
    reply = dump(ask(bot, 'names lily add "Jane Doe" as Lily', COORD))
    assert "now protected" in reply and "Jane" not in reply
    assert "already in 3 texts" in reply
    assert "`lily:1.1`, `lily:1.3`, recommendation 3" in reply
    other = dump(ask(bot, 'names lily add "Mary Roe" as Adult B', COORD))
    assert "now protected" in other and "already in" not in other
