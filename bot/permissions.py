"""Who may do what: pure rules, applied by the services at the moment of each write."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Operation(StrEnum):
    """Everything a person can ask the tracker to do."""

    READ = "read"
    UPDATE = "update"
    ADD_EVIDENCE = "add_evidence"
    ASSIGN = "assign"
    SET_DELIVERING = "set_delivering"
    MANAGE_PEOPLE = "manage_people"
    POST_SUMMARY = "post_summary"
    EXPORT = "export"
    SIGN_OFF = "sign_off"  # sign off, return, approve a re-programming, ask for impact
    DECIDE = "decide"  # record the partnership's decision on a recommendation


@dataclass(frozen=True)
class Actor:
    """A Slack user as the tracker knows them."""

    user_id: str
    coordinator: bool = False
    lead_of: frozenset[int] = frozenset()
    member_of: frozenset[int] = frozenset()
    # Whom to ask for access: a stranger is told their names (not part of who they are).
    coordinators: tuple[str, ...] = field(default=(), compare=False)

    @property
    def registered(self) -> bool:
        """Tell whether the person is a coordinator or in any agency."""
        return self.coordinator or bool(self.lead_of or self.member_of)


@dataclass(frozen=True)
class Target:
    """The action an operation touches: its agency and owner (and the agency delivering it)."""

    agency_id: int
    owner_id: str | None
    delivering_agency_id: int | None = None

    @property
    def agency_ids(self) -> frozenset[int]:
        """Return the accountable and the delivering agency: both count as the action's."""
        return frozenset({self.agency_id, self.delivering_agency_id or self.agency_id})


# Partnership-wide operations: coordinators only.
_COORDINATOR_ONLY = {
    Operation.MANAGE_PEOPLE,
    Operation.POST_SUMMARY,
    Operation.EXPORT,
    Operation.SET_DELIVERING,
    Operation.SIGN_OFF,
    Operation.DECIDE,
}


def allowed(actor: Actor, operation: Operation, target: Target | None = None) -> bool:
    """Tell whether `actor` may do `operation` (to `target`, for action operations)."""
    if not actor.registered:
        return False
    if actor.coordinator:
        return True
    if operation in _COORDINATOR_ONLY:
        return False
    if operation is Operation.READ:
        return True
    if target is None:
        return False
    if target.agency_ids & actor.lead_of:
        return True
    is_owner = target.owner_id == actor.user_id
    if operation is Operation.UPDATE:
        return is_owner
    if operation is Operation.ADD_EVIDENCE:
        return is_owner or bool(target.agency_ids & actor.member_of)
    return False


def refusal(operation: Operation) -> str:
    """Return the sentence that explains who may do `operation`."""
    return {
        Operation.READ: "Only people registered with an agency can see the plan.",
        Operation.UPDATE: "Only the action's owner, a lead of its agency or a coordinator "
        "can update it.",
        Operation.ADD_EVIDENCE: "Only the owner, members of the lead agency or a coordinator "
        "can add evidence to it.",
        Operation.ASSIGN: "Only a lead of the action's agency or a coordinator can assign it.",
        Operation.SET_DELIVERING: "Only coordinators can change which agency delivers an action.",
        Operation.MANAGE_PEOPLE: "Only coordinators can add or remove people, the agencies "
        "taking part in a review and its protected names.",
        Operation.POST_SUMMARY: "Only coordinators can post the summary to the channel.",
        Operation.EXPORT: "Only coordinators can export the plan, its evidence pack or the "
        "board report.",
        Operation.SIGN_OFF: "Only coordinators can sign off, return or approve re-programming.",
        Operation.DECIDE: "Only coordinators can record the decision on a recommendation.",
    }[operation]
