"""The plan as read from a file, before it touches the database."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.decisions import find_decision
from bot.safety.text import clean_text

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
# Domestic Homicide Review, Safeguarding Adults Review, Child Safeguarding Practice Review.
REVIEW_TYPES = ("DHR", "SAR", "CSPR", "other")

# The lengths of the columns these values are stored in (storage/models/): a longer value
# is refused here, naming its file, row and column, never by the database driver.
SLUG_LIMIT = 40
TITLE_LIMIT = 300
CODE_LIMIT = 32
NAME_LIMIT = 300
USER_ID_LIMIT = 32
THEME_LIMIT = 100
SCOPE_LIMIT = 40
REF_LIMIT = 16
TARGET_LIMIT = 200

UserId = Annotated[str, StringConstraints(max_length=USER_ID_LIMIT)]
AgencyCode = Annotated[str, StringConstraints(max_length=CODE_LIMIT)]


class PlanError(Exception):
    """A plan file that cannot be imported; names the file, row and column."""

    def __init__(
        self, message: str, *, file: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_text(v) if isinstance(v, str) else v for v in value)
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        # Pasted text carries vertical tabs and other control characters that break exports.
        return _cleaned(value)


class ProtectedNameDoc(_Model):
    """A real name behind the review's pseudonyms; never exported, shown or logged."""

    name: str = Field(min_length=1, max_length=200)
    pseudonym: str = Field(default="", max_length=200)


class ReviewDoc(_Model):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", max_length=SLUG_LIMIT)
    title: str = Field(min_length=1, max_length=TITLE_LIMIT)
    partnership: str = Field(default="", max_length=NAME_LIMIT)
    published: date | None = None
    protected_names: tuple[ProtectedNameDoc, ...] = ()
    type: str | None = None  # one of REVIEW_TYPES; None keeps the stored type (DHR when new)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if not value:
            return None
        for known in REVIEW_TYPES:
            if value.lower() == known.lower():
                return known
        raise ValueError(f"type {value!r} is not one of {', '.join(REVIEW_TYPES)}")


class AgencyDoc(_Model):
    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$", max_length=CODE_LIMIT)
    name: str = Field(default="", max_length=NAME_LIMIT)
    # Other names the plan uses for it (a glossary's abbreviations, a shorter name).
    aliases: tuple[str, ...] = ()
    leads: tuple[UserId, ...] = ()
    members: tuple[UserId, ...] = ()


class ActionDoc(_Model):
    ref: str = Field(pattern=r"^\d+\.\d+$", max_length=REF_LIMIT)
    text: str = Field(min_length=1)
    lead: str = Field(min_length=1, max_length=CODE_LIMIT)
    milestones: tuple[str, ...] = ()
    target: str = Field(default="", max_length=TARGET_LIMIT)
    outcome: str = ""
    owner: str | None = Field(default=None, max_length=USER_ID_LIMIT)
    # The agency doing the work when the plan says so; else read from the text at import.
    delivered_by: str | None = Field(default=None, max_length=CODE_LIMIT)

    @field_validator("owner")
    @classmethod
    def _owner_is_slack_id(cls, value: str | None) -> str | None:
        if value and not SLACK_USER_ID.match(value):
            raise ValueError(f"owner {value!r} is not a Slack user ID (like U012ABCDEF)")
        return value or None


class RecommendationDoc(_Model):
    number: int = Field(ge=1)
    theme: str = Field(default="", max_length=THEME_LIMIT)
    text: str = Field(min_length=1)
    scope: str = Field(default="", max_length=SCOPE_LIMIT)
    ownership: tuple[AgencyCode, ...] = ()
    actions: tuple[ActionDoc, ...] = ()
    decision: str | None = None  # agreed, partly or not (the partnership's response)
    rationale: str = ""

    @field_validator("decision")
    @classmethod
    def _known_decision(cls, value: str | None) -> str | None:
        if not value:
            return None
        found = find_decision(value)
        if found is None:
            raise ValueError(f"decision {value[:40]!r} is not agreed, partly or not")
        return found.value

    @model_validator(mode="after")
    def _rationale_when_not_agreed(self) -> RecommendationDoc:
        if self.decision not in (None, "agreed") and not self.rationale:
            raise ValueError("a decision other than agreed needs a rationale")
        return self


class PlanDocument(_Model):
    """A whole plan: the review, its agencies and its recommendations with actions."""

    review: ReviewDoc
    agencies: tuple[AgencyDoc, ...] = ()
    recommendations: tuple[RecommendationDoc, ...] = ()
