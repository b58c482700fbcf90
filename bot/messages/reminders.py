"""The weekly reminder DM as Block Kit: one section per action with an Update button."""

from __future__ import annotations

from datetime import date

from bot.messages.kit import Block, button, clip, context, escape, header, human_date, section
from bot.readmodel.reminders import ReminderLine

UPDATE_ACTION_ID = "open_update"
MAX_ACTIONS = 40  # one section each, within a message's 50 blocks
MAX_TEXT = 120


def _why(line: ReminderLine, today: date) -> str:
    if line.reason in ASSURANCE_WHY:
        return ASSURANCE_WHY[line.reason](line)
    if line.reason == "overdue" and line.due_date is not None:
        days = (today - line.due_date).days
        since = human_date(line.due_date)
        return f":red_circle: Overdue since {since} ({days} day{'s' * (days != 1)})"
    if line.reason == "due_soon" and line.due_date is not None:
        return f":large_orange_circle: Due {human_date(line.due_date)}"
    last = f"{human_date(line.last_update_on)}" if line.last_update_on else "never"
    return f":white_circle: No update for 4 weeks (last: {last})"


def _last(line: ReminderLine) -> str:
    return f"{human_date(line.last_update_on)}" if line.last_update_on else "never"


ASSURANCE_WHY = {
    "assurance_due": lambda line: (
        ":large_blue_circle: Assurance statement due this month: "
        f"`/dhr assure {line.full_ref} what shows it is still done`"
    ),
    "assurance_overdue": lambda line: (
        f":large_orange_circle: Assurance overdue: no statement last period. "
        f"`/dhr assure {line.full_ref} …`"
    ),
    "escalated": lambda line: (
        f":warning: Drifting: owner <@{line.owner_id}> has had {line.reminders} weekly "
        f"reminders with no update (last: {_last(line)}). Press Acknowledge "
        "once you have followed it up."
    ),
}


def _button(line: ReminderLine) -> Block:
    if line.reason == "escalated":
        return button("Acknowledge", "escalation_ack", str(line.action_id))
    return button("Update", UPDATE_ACTION_ID, str(line.action_id))


def _line_text(line: ReminderLine, today: date) -> str:
    text = escape(clip(" ".join(line.text.split()), MAX_TEXT))
    return f"*{line.full_ref}* {text}\n{_why(line, today)}"


def reminder_blocks(lines: list[ReminderLine], *, today: date, marker: str) -> list[Block]:
    """Return the reminder DM: one section per action with an Update button."""
    intro = context(
        "Overdue, due in the next 14 days, or not updated for 4 weeks. "
        "Press Update to record progress or evidence."
    )
    blocks: list[Block] = [header("Your DHR actions this week"), {**intro, "block_id": marker}]
    for line in lines[:MAX_ACTIONS]:
        blocks.append(section(_line_text(line, today), accessory=_button(line)))
    if len(lines) > MAX_ACTIONS:
        more = len(lines) - MAX_ACTIONS
        blocks.append(context(f"…and {more} more: type `/dhr mine` to see them all."))
    blocks.append(context("Turn these reminders off with `/dhr reminders off`."))
    return blocks


def reminder_text(lines: list[ReminderLine]) -> str:
    """Return the DM's fallback text."""
    return f"You have {len(lines)} DHR action{'s' * (len(lines) != 1)} to look at this week."
