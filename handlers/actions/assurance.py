"""Assurance buttons: Sign off, Return, Ask for impact, Approve/Decline, Acknowledge."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.messages.assurance import (
    impact_request_blocks,
    reprogram_dm,
    reprogram_reply,
    return_modal,
    signed_off_dm,
    signed_off_reply,
)
from bot.messages.kit import human_date
from bot.services import Services
from handlers.support import after_saving, decoded, deferred, publish_home, reports_errors, tell


def _dm(client: WebClient, to: str | None, by: str, text: str) -> None:
    if to and to != by:
        client.chat_postMessage(channel=to, text=text)


@reports_errors
def signoff(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    """Sign off the action on the button (coordinators; checked now)."""
    user = body["user"]["id"]
    done = services.assurance.sign_off(user, decoded(int, action["value"]), "", source="button")
    with after_saving(f"The sign-off of `{done.action.full_ref}`"):
        tell(signed_off_reply(done.action), respond=respond, client=client, user_id=user)
        _dm(client, done.owner_id, user, signed_off_dm(done.action, user))
        publish_home(client, services, user)


@reports_errors
def return_open(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Open the Return form (the reason is required)."""
    user = body["user"]["id"]
    view = services.actions.view(user, decoded(int, action["value"]))
    client.views_open(trigger_id=body["trigger_id"], view=return_modal(view, opener=user))


@reports_errors
def ask_impact(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    """DM the owner asking for the missing impact statement (coordinators)."""
    user = body["user"]["id"]
    asked = services.assurance.ask_impact(user, decoded(int, action["value"]))
    text, blocks = impact_request_blocks(asked.action, user)
    client.chat_postMessage(channel=str(asked.owner_id), text=text, blocks=blocks)
    tell(
        f"Asked <@{asked.owner_id}> for the impact statement of `{asked.action.full_ref}`.",
        respond=respond,
        client=client,
        user_id=user,
    )


def _decide(
    approve: bool,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    user = body["user"]["id"]
    done = services.assurance.decide_reprogramming(
        user, decoded(int, action["value"]), approve, source="button"
    )
    with after_saving(f"The decision on `{done.action.full_ref}`"):
        tell(reprogram_reply(done.action, approve), respond=respond, client=client, user_id=user)
        proposed = human_date(done.new_due_date)
        _dm(client, done.owner_id, user, reprogram_dm(done.action, approve, user, proposed))
        publish_home(client, services, user)


@reports_errors
def reprogram_approve(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    """Approve a proposed re-programming (coordinators; once)."""
    _decide(True, body, action, respond, client, services)


@reports_errors
def reprogram_decline(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    """Decline a proposed re-programming (coordinators; once)."""
    _decide(False, body, action, respond, client, services)


@reports_errors
def acknowledge(
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
) -> None:
    """Stop escalating this action to the presser until it changes."""
    user = body["user"]["id"]
    view = services.assurance.acknowledge(user, decoded(int, action["value"]))
    tell(
        f"Acknowledged `{view.full_ref}`: it won't be escalated to you again until it changes.",
        respond=respond,
        client=client,
        user_id=user,
    )


def register(app: App) -> None:
    """Listen for the assurance buttons."""
    app.action("signoff")(deferred(signoff))
    app.action("return_open")(deferred(return_open))
    app.action("ask_impact")(deferred(ask_impact))
    app.action("reprogram_approve")(deferred(reprogram_approve))
    app.action("reprogram_decline")(deferred(reprogram_decline))
    app.action("escalation_ack")(deferred(acknowledge))
