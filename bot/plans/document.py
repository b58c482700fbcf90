"""The plan as read from a file, before it touches the database."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


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


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class ProtectedNameDoc(_Model):
    """A real name behind the review's pseudonyms; never exported, shown or logged."""

    name: str = Field(min_length=1, max_length=200)
    pseudonym: str = Field(default="", max_length=200)


class ReviewDoc(_Model):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    title: str = Field(min_length=1)
    partnership: str = ""
    published: date | None = None
    protected_names: tuple[ProtectedNameDoc, ...] = ()


class AgencyDoc(_Model):
    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
    name: str = ""
    leads: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


class ActionDoc(_Model):
    ref: str = Field(pattern=r"^\d+\.\d+$")
    text: str = Field(min_length=1)
    lead: str = Field(min_length=1)
    milestones: tuple[str, ...] = ()
    target: str = ""
    outcome: str = ""
    owner: str | None = None

    @field_validator("owner")
    @classmethod
    def _owner_is_slack_id(cls, value: str | None) -> str | None:
        if value and not SLACK_USER_ID.match(value):
            raise ValueError(f"owner {value!r} is not a Slack user ID (like U012ABCDEF)")
        return value or None


class RecommendationDoc(_Model):
    number: int = Field(ge=1)
    theme: str = ""
    text: str = Field(min_length=1)
    scope: str = ""
    ownership: tuple[str, ...] = ()
    actions: tuple[ActionDoc, ...] = ()


class PlanDocument(_Model):
    """A whole plan: the review, its agencies and its recommendations with actions."""

    review: ReviewDoc
    agencies: tuple[AgencyDoc, ...] = ()
    recommendations: tuple[RecommendationDoc, ...] = ()
