"""The reply to a plain-language update and the form behind Edit say the same thing: what was
understood, and from which words."""

from __future__ import annotations

from blockkit_limits import assert_within_limits
from harness import Bot, ask, buttons, click, dump, stored

SENTENCE = "Training delivered on 3 March; the complete pack is at https://example.org/pack.pdf"


def test_the_reply_and_the_form_explain_the_same_reading(bot: Bot) -> None:
    reply = ask(bot, f"update 1.1 {SENTENCE}")
    assert_within_limits(reply)
    text = dump(reply)
    assert "What I understood" in text
    assert "Complete — from 'delivered'" in text
    assert "Completed on Tue 3 Mar 2026 — from '3 March'" in text

    click(bot, buttons(reply)["proposal_edit"])
    opened = bot.slack.wait_for("views.open")[0]
    assert_within_limits(opened)
    form = dump(opened)
    for line in ("What I understood", "Complete — from 'delivered'", "Tue 3 Mar 2026"):
        assert line in form
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_words_it_did_not_understand_are_said_not_dropped(bot: Bot) -> None:
    reply = ask(bot, "update 1.1 superseded by the new MARAC protocol")
    text = dump(reply)
    assert "What I understood" in text and "proposal_save" not in buttons(reply)
    assert "coordinator" in text.lower()
    bot.wait_idle()
    assert stored(bot) == (0, 0)


def test_typed_markup_in_the_explanation_is_escaped(bot: Bot) -> None:
    reply = ask(bot, "update 1.1 <!channel> done on 3 March")
    shown = " ".join(
        str(block.get("text", {}).get("text", "")) for block in reply.args.get("blocks") or []
    )
    assert "<!channel>" not in shown
