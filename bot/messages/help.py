"""The usage text of `/dhr help`."""

from __future__ import annotations

from bot.messages.common import Block, context, section

USAGE = """*DHR action tracker* — your Domestic Homicide Review actions, in Slack.
• `/dhr mine` — your actions (and your agency's, for leads), overdue first
• `/dhr show 1.2` — one action: plan text, history, evidence
• `/dhr update 1.2` — the update form; or say it:
  `/dhr update 1.2 done on 3 March, slides at https://…`
• `/dhr evidence 1.2 https://…` — attach a link (or describe where the evidence is kept)
• `/dhr assign 1.2 @person` — make someone the owner (agency leads, coordinators)
• `/dhr assign 1.2 CCG` — make an agency the one delivering it (coordinators)
• `/dhr overdue` · `/dhr due` (next 30 days) · `/dhr agency Police`
• `/dhr summary` — this week's summary (coordinators can post it)
• `/dhr export [review] [xlsx|csv]` — the plan as a spreadsheet, sent to you by DM (coordinators)
• `/dhr pack [review or refs]` — the evidence pack (ZIP) by DM · `/dhr report` — the board
  report across reviews by DM (coordinators)
• `/dhr reminders off` / `on` — the weekly reminder DM
• `/dhr update 1.2 done, impact: what changed, for whom, how we know` — completing asks
  for the impact; moving a target later needs a reason in the note
• `/dhr assure 8.1 what shows it is still done` — the quarterly statement on an Ongoing action
Coordinators: `/dhr signoff 1.2 [note]`, `/dhr return 1.2 reason`,
`/dhr decision SLUG 3 agreed|partly|not "rationale"`,
`/dhr agency Police add @person lead|member`,
`/dhr agency Police remove @person`, `/dhr coordinator add|remove @person`,
`/dhr review SLUG add|remove AGENCY` (who takes part),
`/dhr names SLUG add "Real Name" as Pseudonym` · `remove "Real Name"` · `list`.
Attach any Slack message as evidence with the message shortcut *Add as DHR evidence*."""


def help_blocks(prefix: str = "") -> list[Block]:
    """Return the usage, after an optional line saying what went wrong."""
    blocks: list[Block] = []
    if prefix:
        blocks.append(section(prefix))
    blocks.append(section(USAGE))
    blocks.append(context("Refs look like `1.2`, or `review:1.2` when there are several reviews."))
    return blocks
