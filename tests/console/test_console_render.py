"""mrkdwn and Block Kit in the terminal."""

from __future__ import annotations

import io

from rich.console import Console

from devkit.console.blocks import BlockRenderer, Origin
from devkit.console.mrkdwn import to_text


def _spans(source: str) -> dict[str, str]:
    text = to_text(source)
    return {text.plain[s.start : s.end]: str(s.style) for s in text.spans}


def test_mrkdwn_styles_links_mentions_and_emoji() -> None:
    text = to_text(
        "*Done* _soon_ ~old~ `1.2` <https://x.org/a|slides> <@U0SSPLEAD> &lt;3 :large_green_circle:"
    )
    assert text.plain == "Done soon old 1.2 slides (https://x.org/a) @U0SSPLEAD <3 🟢"
    spans = _spans(
        "*Done* _soon_ ~old~ `1.2` <https://x.org/a|slides> <@U0SSPLEAD> &lt;3 :large_green_circle:"
    )
    assert "bold" in spans["Done"]
    assert "italic" in spans["soon"]
    assert "strike" in spans["old"]
    assert "cyan" in spans["1.2"]
    assert "link https://x.org/a" in spans["slides"]
    assert "magenta" in spans["@U0SSPLEAD"]


def test_nested_bold_code_and_lists() -> None:
    text = to_text("*`lily:1.1`* text\n- first\n- second\nsnake_case_name stays")
    assert text.plain == "lily:1.1 text\n• first\n• second\nsnake_case_name stays"
    assert "bold" in _spans("*`lily:1.1`* text")["lily:1.1"]


def _render(blocks: list[dict[str, object]]) -> tuple[str, BlockRenderer]:
    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None)
    renderer = BlockRenderer(lambda user: user)
    for item in renderer.render(blocks, Origin("ephemeral")):
        console.print(item)
    return out.getvalue(), renderer


def test_blocks_number_buttons_and_overflow_options() -> None:
    text, renderer = _render(
        [
            {"type": "header", "text": {"type": "plain_text", "text": "Weekly"}},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "*1.1*"},
                "accessory": {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Update"},
                    "action_id": "open_update",
                    "value": "1",
                },
                "fields": [
                    {"type": "mrkdwn", "text": "*Owner*"},
                    {"type": "plain_text", "text": "SSP"},
                ],
            },
            {"type": "divider"},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "small print"}]},
            {"type": "image", "image_url": "https://x.org/c.png", "alt_text": "chart"},
            {
                "type": "actions",
                "block_id": "more",
                "elements": [
                    {
                        "type": "overflow",
                        "action_id": "menu",
                        "options": [
                            {"text": {"type": "plain_text", "text": "Edit"}, "value": "e"},
                            {"text": {"type": "plain_text", "text": "Drop"}, "value": "d"},
                        ],
                    },
                ],
            },
            {"type": "mystery"},
        ]
    )
    assert "Weekly" in text
    assert "1.1  [1 Update]" in text
    assert "Owner" in text and "SSP" in text
    assert "small print" in text
    assert "🖼  chart: https://x.org/c.png" in text
    assert "⋯ [2 Edit] [3 Drop]" in text
    assert "(mystery block)" in text
    assert [(c.number, c.label, c.block_id) for c in renderer.controls] == [
        (1, "Update", ""),
        (2, "Edit", "more"),
        (3, "Drop", "more"),
    ]
    assert renderer.controls[2].option == {
        "text": {"type": "plain_text", "text": "Drop"},
        "value": "d",
    }
