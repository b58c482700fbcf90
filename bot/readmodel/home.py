"""An agency's page, App Home's content, and re-programmings waiting for a coordinator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.permissions import Actor
from bot.readmodel.actions import ActionPage, ActionView


@dataclass(frozen=True)
class AgencyView:
    """An agency with its people, for `/dhr agency CODE`."""

    code: str
    name: str
    leads: tuple[str, ...]
    members: tuple[str, ...]
    actions: ActionPage


@dataclass(frozen=True)
class ReviewGlance:
    """A review's counts by status, for App Home."""

    slug: str
    title: str
    counts: dict[str, int]
    overdue: int
    total: int


@dataclass(frozen=True)
class HomeData:
    """What App Home shows one person."""

    actor: Actor
    mine: ActionPage  # the first page of what they own
    agency: ActionPage  # the first page of their agencies' other actions
    reviews: tuple[ReviewGlance, ...]
    coordinators: tuple[str, ...]
    awaiting: tuple[ActionView, ...] = ()  # coordinators: completions to sign off or return
    proposals: tuple[ProposalView, ...] = ()  # coordinators: re-programmings to decide


@dataclass(frozen=True)
class ProposalView:
    """A re-programming waiting for a coordinator."""

    update_id: int
    action: ActionView
    proposed_by: str
    new_due_date: date
    reason: str
