"""What a person is told when the action changed after they opened it: who, what, when."""

from __future__ import annotations

from bot.messages.common import Block, button, clip, context, escape, section
from bot.messages.kit import human_date
from bot.readmodel.updates import Change
from bot.status import Status

# A long run of changes is summed up: the newest ones matter for deciding what to save.
SHOWN_CHANGES = 3


def _label(value: str | None) -> str:
    try:
        return Status(value).label if value else "—"
    except ValueError:
        return value or "—"


def _what(change: Change) -> str:
    parts = []
    if change.owner_after is not None:
        parts.append(f"made <@{change.owner_after}> the owner")
    if change.status_before != change.status_after:
        parts.append(
            f"changed the status {_label(change.status_before)} → {_label(change.status_after)}"
        )
    if change.completed_on is not None and change.status_after == Status.COMPLETE:
        parts.append(f"recorded completion on {human_date(change.completed_on)}")
    if change.new_due_date is not None:
        parts.append(f"set the target date to {human_date(change.new_due_date)}")
    return ", ".join(parts) or "added an update"


def describe_change(change: Change) -> str:
    """Return one change as "<@U…> changed the status … (Tue 1 Dec 2026 at 15:02)"."""
    return f"<@{change.user_id}> {_what(change)} ({human_date(change.on)} at {change.at:%H:%M})"


def changed_since(full_ref: str, changes: tuple[Change, ...]) -> str:
    """Return why a save was refused: the changes made since the person opened the action."""
    shown = changes[-SHOWN_CHANGES:]
    lines = [f"• {describe_change(c)}" for c in shown]
    if len(changes) > len(shown):
        lines.insert(0, f"• …and {len(changes) - len(shown)} earlier update(s)")
    return (
        f":warning: `{full_ref}` changed since you opened it, so nothing was saved:\n"
        + "\n".join(lines)
        + "\nCheck the current state, then save your update again."
    )


def refused(
    full_ref: str, changes: tuple[Change, ...], edit_value: str | None, note: str
) -> tuple[str, list[Block]]:
    """Return the reply to a refused save: the changes, and Edit to reopen the form."""
    text = changed_since(full_ref, changes)
    blocks: list[Block] = [section(text)]
    if edit_value is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "proposal",
                "elements": [button("Open the form again", "proposal_edit", edit_value)],
            }
        )
        blocks.append(context("Your note is kept in the form."))
    elif note:
        # Too long to travel in a button: give it back so it is not lost.
        blocks.append(section("Your note, to paste into the form:\n>" + escape(clip(note, 2500))))
    return text, blocks
