"""What people are told when an evidence file could not be kept in the evidence store."""

from __future__ import annotations

from bot.messages.kit import clip, escape


def copy_failed(full_ref: str, file_name: str, added_by: str, reason: str) -> str:
    """Return the coordinators' DM about a file that could not be copied."""
    return (
        f":warning: A file attached as evidence to `{full_ref}` "
        f"(`{escape(clip(file_name, 80))}`, added by <@{added_by}>) could not be copied to the "
        f"evidence store: {escape(reason)} It is recorded with its Slack link; get a copy "
        "before Slack's retention deletes it, or ask for it to be attached again."
    )


def not_copied(full_ref: str, file_name: str, reason: str) -> str:
    """Return the DM telling the person who attached a file that its copy was not kept."""
    return (
        f":information_source: `{escape(clip(file_name, 80))}` is recorded as evidence on "
        f"`{full_ref}`, but not copied to the evidence store: {escape(reason)}"
    )
