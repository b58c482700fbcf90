"""The "Add as DHR evidence" form: choose one of your actions, describe the message."""

from __future__ import annotations

import json
from typing import Any

from bot.inputs import DESCRIPTION_LIMIT
from bot.messages.common import clip, context, escape, plain, section
from bot.readmodel.actions import ActionView

CALLBACK_ID = "evidence_form"
EXCERPT_IN_METADATA = 1500
MAX_FILES = 10
OPTIONS_LIMIT = 100


def evidence_modal(
    *,
    user: str,
    channel: str,
    message_ts: str,
    excerpt: str,
    files: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """Return the form; the message's channel, ts, excerpt and files travel in private_metadata."""
    kept = [[file_id[:20], clip(name, 60)] for file_id, name in files[:MAX_FILES]]
    metadata: dict[str, Any] = {
        "u": user,
        "ch": channel,
        "ts": message_ts,
        "x": clip(excerpt, EXCERPT_IN_METADATA),
    }
    if kept:
        metadata["f"] = kept
    encoded = json.dumps(metadata, separators=(",", ":"), ensure_ascii=False)
    while len(encoded) > 3000:  # JSON escaping can grow the text; shrink until it fits
        metadata["x"] = clip(str(metadata["x"]), len(str(metadata["x"])) // 2)
        encoded = json.dumps(metadata, separators=(",", ":"), ensure_ascii=False)
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain("Add as DHR evidence", 24),
        "submit": plain("Add", 24),
        "close": plain("Cancel", 24),
        "private_metadata": encoded,
        "blocks": [
            section("*Message*\n> " + escape(clip(excerpt, 500)).replace("\n", "\n> ")),
            {
                "type": "input",
                "block_id": "action",
                "label": plain("Action"),
                "element": {
                    "type": "external_select",
                    "action_id": "evidence_action",
                    "min_query_length": 0,
                    "placeholder": plain("Type a ref or words from the action"),
                },
            },
            {
                "type": "input",
                "block_id": "description",
                "label": plain("What does it show?"),
                "optional": True,
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "max_length": DESCRIPTION_LIMIT,
                },
            },
            context(
                "The bot stores a link to the message and a short excerpt"
                + (
                    f", and keeps a copy of its {len(kept)} file(s) in the evidence store."
                    if kept
                    else "."
                )
            ),
        ],
    }


def action_options(views: tuple[ActionView, ...]) -> list[dict[str, Any]]:
    """Return the picker's options (at most 100, Slack's limit)."""
    return [
        {"text": plain(clip(f"{v.full_ref} {v.text}", 75), 75), "value": str(v.id)}
        for v in views[:OPTIONS_LIMIT]
    ]


def read_evidence_form(view: dict[str, Any]) -> tuple[int | None, str, dict[str, Any]]:
    """Return (chosen action id, description, metadata) from a submitted evidence form."""
    values = view["state"]["values"]
    option = ((values.get("action") or {}).get("evidence_action") or {}).get("selected_option")
    description = ((values.get("description") or {}).get("value") or {}).get("value") or ""
    chosen = int(option["value"]) if option and str(option.get("value", "")).isdigit() else None
    metadata = json.loads(view.get("private_metadata") or "{}")
    if not isinstance(metadata, dict) or not isinstance(description, str):
        raise ValueError("not an evidence form")
    return chosen, description.strip(), {k: v for k, v in metadata.items() if v is not None}


def message_files(meta: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Return the (file id, name) pairs of the message, from the form's metadata."""
    found = meta.get("f") or []
    if not isinstance(found, list):
        return ()
    return tuple(
        (str(pair[0]), str(pair[1]))
        for pair in found
        if isinstance(pair, list) and len(pair) == 2 and str(pair[0]).isalnum()
    )
