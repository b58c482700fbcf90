"""Assurance buttons: Sign off, Return, Ask for impact, Approve/Decline, Acknowledge."""

from __future__ import annotations

from slack_bolt import App

from bot.messages.assurance import (
    impact_request_blocks,
    reprogram_dm,
    reprogram_reply,
    return_modal,
    signed_off_dm,
    signed_off_reply,
)
from bot.messages.kit import human_date
from handlers.clicks import Click, on_click
from handlers.support import after_saving, decoded, deferred, publish_home


def _confirm(click: Click, what: str, reply: str, owner_id: str | None, dm: str) -> None:
    """Tell the presser, DM the owner (unless they pressed it) and refresh the presser's Home."""
    with after_saving(what):
        click.tell(reply)
        if owner_id and owner_id != click.user:
            click.client.chat_postMessage(channel=owner_id, text=dm)
        publish_home(click.client, click.services, click.user)


def signoff(click: Click) -> None:
    """Sign off the action on the button (coordinators; checked now)."""
    action_id = decoded(int, click.value)
    done = click.services.assurance.sign_off(click.user, action_id, "", source="button")
    _confirm(
        click,
        f"The sign-off of `{done.action.full_ref}`",
        signed_off_reply(done.action),
        done.told,
        signed_off_dm(done.action, click.user),
    )


def return_open(click: Click) -> None:
    """Open the Return form (the reason is required)."""
    view = click.services.actions.view(click.user, decoded(int, click.value))
    click.client.views_open(
        trigger_id=click.body["trigger_id"], view=return_modal(view, opener=click.user)
    )


def ask_impact(click: Click) -> None:
    """DM the owner asking for the missing impact statement (coordinators)."""
    asked = click.services.assurance.ask_impact(click.user, decoded(int, click.value))
    text, blocks = impact_request_blocks(asked.action, click.user)
    click.client.chat_postMessage(channel=str(asked.told), text=text, blocks=blocks)
    click.tell(f"Asked <@{asked.told}> for the impact statement of `{asked.action.full_ref}`.")


def _decide(approve: bool, click: Click) -> None:
    done = click.services.assurance.decide_reprogramming(
        click.user, decoded(int, click.value), approve, source="button"
    )
    proposed = human_date(done.new_due_date)
    _confirm(
        click,
        f"The decision on `{done.action.full_ref}`",
        reprogram_reply(done.action, approve, done.told),
        done.told,
        reprogram_dm(done.action, approve, click.user, proposed),
    )


def reprogram_approve(click: Click) -> None:
    """Approve a proposed re-programming (coordinators; once)."""
    _decide(True, click)


def reprogram_decline(click: Click) -> None:
    """Decline a proposed re-programming (coordinators; once)."""
    _decide(False, click)


def acknowledge(click: Click) -> None:
    """Stop escalating this action to the presser until it changes."""
    view = click.services.assurance.acknowledge(click.user, decoded(int, click.value))
    click.tell(
        f"Acknowledged `{view.full_ref}`: it won't be escalated to you again until it changes."
    )


def register(app: App) -> None:
    """Listen for the assurance buttons."""
    for action_id, work in (
        ("signoff", signoff),
        ("return_open", return_open),
        ("ask_impact", ask_impact),
        ("reprogram_approve", reprogram_approve),
        ("reprogram_decline", reprogram_decline),
        ("escalation_ack", acknowledge),
    ):
        app.action(action_id)(deferred(on_click(work)))
