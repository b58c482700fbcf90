"""Short confirmations after a write: what was saved, in the words people read."""

from __future__ import annotations

from collections.abc import Iterable

from bot.messages.kit import human_date
from bot.readmodel.actions import ActionView

POST_OUTCOMES = {
    "posted": "Posted to the summary channel.",
    "recovered": "It was already in the channel (found after an interrupted run).",
    "already_posted": "This week's summary is already in the channel; it is posted once a week.",
    "busy": "Another process is posting it right now.",
    "failed": "Not posted: {error}. The coordinators have been told.",
}


def proposal_saved(view: ActionView) -> str:
    """Return the reply that replaces a proposal once it is saved."""
    state = view.status.label + (
        f", completed {human_date(view.completed_on)}" if view.completed_on else ""
    )
    return f":white_check_mark: Saved: `{view.full_ref}` is now {state}." + after_saving_note(view)


def form_saved(view: ActionView) -> str:
    """Return the DM that confirms an update saved from the form."""
    when = (
        f", completed {human_date(view.completed_on)}"
        if view.completed_on
        else (f", due {human_date(view.due_date)}" if view.due_date else "")
    )
    return (
        f":white_check_mark: Saved your update to `{view.full_ref}`: {view.status.label}{when}."
        + after_saving_note(view)
    )


def after_saving_note(view: ActionView) -> str:
    """Return what an update leaves waiting: a sign-off, an impact statement, an approval."""
    if view.signoff == "awaiting":
        missing = " Add the impact statement: it can't be signed off without one." * (
            view.impact_missing
        )
        return f" It now awaits a coordinator's sign-off.{missing}"
    if view.proposed_due_date is not None:
        return (
            f" Moving the target to {human_date(view.proposed_due_date)} is a second "
            "re-programming: it waits for a coordinator's approval."
        )
    return ""


def assigned(owner_id: str, view: ActionView) -> str:
    """Return the reply to `/dhr assign`."""
    due = f", due {human_date(view.due_date)}" if view.due_date else ""
    return f":bust_in_silhouette: <@{owner_id}> now owns `{view.full_ref}`{due}."


def delivering_set(view: ActionView) -> str:
    """Return the reply to `/dhr assign REF AGENCY`."""
    return (
        f":office: `{view.full_ref}` is now delivered by {view.delivering} "
        f"(accountable: {view.agency}); its leads see it as theirs."
    )


def post_outcomes(results: Iterable[tuple[str, str, str | None]]) -> str:
    """Return the reply to "Post now": one line per (review, outcome, error)."""
    lines = [
        f"`{review}`: " + POST_OUTCOMES[outcome].format(error=error)
        for review, outcome, error in results
    ]
    return "\n".join(lines) or "Nothing to post."


def removed_reply(member: str, code: str, removed: bool, unseen_owned: tuple[str, ...]) -> str:
    """Return the reply to removing someone from an agency, naming the actions to reassign."""
    if not removed:
        return f"<@{member}> was not in {code}."
    text = f"<@{member}> was removed from {code}."
    if unseen_owned:
        shown = ", ".join(f"`{ref}`" for ref in unseen_owned[:10])
        more = f" and {len(unseen_owned) - 10} more" if len(unseen_owned) > 10 else ""
        text += (
            f" They still own {shown}{more}, which they can no longer see: reassign "
            f"{'it' if len(unseen_owned) == 1 else 'each'} with "
            f"`/dhr assign {unseen_owned[0]} @person`."
        )
    return text


def protected_reply(added: bool, slug: str, held: tuple[tuple[str, int], ...]) -> str:
    """Return the reply to protecting a name (never the name), naming records that hold it."""
    text = (
        ":lock: That name is now protected in the review."
        if added
        else ":lock: That name was already protected; its pseudonym is updated."
    )
    if held:
        shown = ", ".join(
            ref if ref.startswith("recommendation") else f"`{slug}:{ref}`"
            for ref, _count in held[:10]
        )
        more = f" and {len(held) - 10} more" if len(held) > 10 else ""
        texts = sum(count for _ref, count in held)
        text += (
            f"\n:warning: It is already in {texts} text{'s' if texts != 1 else ''} typed "
            f"before it was protected, on {shown}{more}. The record keeps them as written: "
            "mind the exports and packs of these actions, and ask your data protection "
            "lead how to deal with them."
        )
    return text
