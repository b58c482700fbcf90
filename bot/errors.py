"""Errors people see: each becomes an ephemeral reply or a field error in a form."""

from __future__ import annotations

from collections.abc import Sequence


class UserFacingError(Exception):
    """An error whose message is written for the person who caused it."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotRegistered(UserFacingError):
    """The caller is in no agency and is not a coordinator."""

    def __init__(self, coordinators: Sequence[str]) -> None:
        self.coordinators = tuple(coordinators)
        who = ", ".join(f"<@{uid}>" for uid in coordinators) or "your partnership's DHR coordinator"
        super().__init__(
            "You are not registered with any agency in the DHR action tracker yet, so you "
            f"can't see or change the plan. Ask {who} to add you "
            "(`/dhr agency CODE add @you`)."
        )


class PermissionDenied(UserFacingError):
    """The caller may not do this to this action."""


class NotFound(UserFacingError):
    """An action, review, agency or person that does not exist."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        self.suggestions = tuple(suggestions)
        if suggestions:
            message += " Did you mean " + ", ".join(f"`{s}`" for s in suggestions) + "?"
        super().__init__(message)


class InvalidInput(UserFacingError):
    """Input that cannot be stored; `fields` maps form fields to messages."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__(" ".join(fields.values()))
