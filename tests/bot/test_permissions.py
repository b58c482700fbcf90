"""Every (role × operation) pair: the pure rule, and the services at the moment of the write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.errors import NotRegistered, PermissionDenied
from bot.inputs import UpdateInput
from bot.permissions import Actor, Operation, Target, allowed
from bot.plans.importer import import_plan
from bot.plans.parse import parse_plan
from bot.roles import authorize
from bot.services import Services
from bot.services.evidence_writes import EvidenceInput
from bot.status import Status
from helpers import NOW, FrozenClock
from storage.db import Database
from storage.models import Action, Coordinator, Evidence, Membership, Update
from storage.repositories import people

LILY = Path(__file__).resolve().parents[2] / "bot" / "data" / "lily.yaml"
AGENCY, OTHER = 1, 2
OWNER = "U0OWNER"

ROLES = {
    "coordinator": Actor("U0COORD", coordinator=True),
    "lead": Actor("U0SSPLEAD", lead_of=frozenset({AGENCY}), member_of=frozenset({AGENCY})),
    "other_lead": Actor("U0POLICELEAD", lead_of=frozenset({OTHER}), member_of=frozenset({OTHER})),
    # The owner belongs to another agency, so only ownership can explain what they may do.
    "owner": Actor(OWNER, member_of=frozenset({OTHER})),
    "member": Actor("U0SSPOFFICER", member_of=frozenset({AGENCY})),
    "other_member": Actor("U0POLICEOFFICER", member_of=frozenset({OTHER})),
    "stranger": Actor("U0STRANGER"),
}
OPS = (
    Operation.READ,
    Operation.UPDATE,
    Operation.ADD_EVIDENCE,
    Operation.ASSIGN,
    Operation.MANAGE_PEOPLE,
    Operation.EXPORT,
    Operation.POST_SUMMARY,
    Operation.SET_DELIVERING,
    Operation.SIGN_OFF,
    Operation.DECIDE,
)
# Rows are roles, columns OPS in order: read, update, evidence, assign, people, export, post,
# set the delivering agency, sign off, decide.
TABLE = {
    "coordinator": "YYYYYYYYYY",
    "lead": "YYYYNNNNNN",
    "other_lead": "YNNNNNNNNN",
    "owner": "YYYNNNNNNN",
    "member": "YNYNNNNNNN",
    "other_member": "YNNNNNNNNN",
    "stranger": "NNNNNNNNNN",
}
PAIRS = [
    pytest.param(role, op, TABLE[role][i] == "Y", id=f"{role}-{op.value}")
    for role in TABLE
    for i, op in enumerate(OPS)
]
TARGET = Target(agency_id=AGENCY, owner_id=OWNER)


def test_table_covers_every_operation() -> None:
    assert set(OPS) == set(Operation)


@pytest.mark.parametrize(("role", "op", "expected"), PAIRS)
def test_allowed(role: str, op: Operation, expected: bool) -> None:
    assert allowed(ROLES[role], op, TARGET) is expected


# The delivering agency's people count as the action's agency; the accountable lead keeps its.
DELIVERED = Target(agency_id=OTHER, owner_id=None, delivering_agency_id=AGENCY)
DELIVERED_TABLE = {
    "lead": "YYYYNNNNNN",  # lead of the delivering agency
    "other_lead": "YYYYNNNNNN",  # lead of the accountable agency
    "member": "YNYNNNNNNN",
    "owner": "YNYNNNNNNN",  # a member of the accountable agency
    "stranger": "NNNNNNNNNN",
}


@pytest.mark.parametrize(
    ("role", "op", "expected"),
    [
        pytest.param(role, op, DELIVERED_TABLE[role][i] == "Y", id=f"{role}-{op.value}")
        for role in DELIVERED_TABLE
        for i, op in enumerate(OPS)
    ],
)
def test_the_delivering_agency_counts_as_the_actions_agency(
    role: str, op: Operation, expected: bool
) -> None:
    assert allowed(ROLES[role], op, DELIVERED) is expected


def test_action_operations_need_a_target() -> None:
    lead = ROLES["lead"]
    assert not allowed(lead, Operation.UPDATE)
    assert allowed(lead, Operation.READ)


# -- through the services ---------------------------------------------------------------------


@pytest.fixture
def services(db: Database) -> Services:
    """Return the services on the Lily plan, with action 1.3 owned by someone from Police."""
    with db.uow() as session:
        import_plan(parse_plan(LILY).document, session=session, now=NOW, today=NOW.date())
        police = people.get_agency("Police", session=session)
        assert police is not None
        people.set_membership(police, OWNER, "member", added_by=None, now=NOW, session=session)
        action = session.scalars(select(Action).where(Action.ref == "1.3")).one()
        action.owner_id = OWNER
    settings = Settings(database_url=db.url, dhr_coordinators=("U0COORD",))
    return Services(db, settings, FrozenClock(NOW))


def _state(db: Database) -> tuple[object, ...]:
    with db.uow() as session:
        return (
            session.scalar(select(func.count()).select_from(Update)),
            session.scalar(select(func.count()).select_from(Evidence)),
            session.scalar(select(func.count()).select_from(Membership)),
            session.scalar(select(func.count()).select_from(Coordinator)),
            session.scalar(select(Action.owner_id).where(Action.ref == "1.3")),
            session.scalar(select(Action.status).where(Action.ref == "1.3")),
            session.scalar(select(Action.delivering_agency_id).where(Action.ref == "1.3")),
        )


def _action_id(services: Services) -> int:
    return services.actions.view("U0COORD", "1.3").id


CALLS: dict[Operation, Callable[[Services, str], object]] = {
    Operation.READ: lambda t, u: t.actions.show(u, "1.3"),
    Operation.UPDATE: lambda t, u: t.actions.save_update(
        u, _action_id(t), UpdateInput(status=Status.IN_PROGRESS, note="Started"), source="command"
    ),
    Operation.ADD_EVIDENCE: lambda t, u: t.actions.add_evidence(
        u, "1.3", EvidenceInput(kind="link", url="https://example.org/e")
    ),
    Operation.ASSIGN: lambda t, u: t.actions.assign(u, "1.3", "U0SSPOFFICER"),
    Operation.MANAGE_PEOPLE: lambda t, u: t.people.set_member(u, "ASC", "U0NEWPERSON", "member"),
    Operation.EXPORT: lambda t, u: t.plans.export_rows(u, "lily"),
    Operation.POST_SUMMARY: lambda t, u: authorize(t.people.actor(u), Operation.POST_SUMMARY),
    Operation.SET_DELIVERING: lambda t, u: t.actions.set_delivering(u, "1.3", "ASC"),
    Operation.SIGN_OFF: lambda t, u: t.assurance.ask_impact(u, t.actions.view("U0COORD", "1.1").id),
    Operation.DECIDE: lambda t, u: t.assurance.decide(u, "lily", "1", "agreed", ""),
}
WRITES = {
    Operation.UPDATE,
    Operation.ADD_EVIDENCE,
    Operation.ASSIGN,
    Operation.MANAGE_PEOPLE,
    Operation.SET_DELIVERING,
}


@pytest.mark.parametrize(("role", "op", "expected"), PAIRS)
def test_services_check_at_the_write(
    services: Services, db: Database, role: str, op: Operation, expected: bool
) -> None:
    user = ROLES[role].user_id
    before = _state(db)
    if expected:
        CALLS[op](services, user)
        assert (_state(db) != before) is (op in WRITES)
        return
    with pytest.raises(NotRegistered if role == "stranger" else PermissionDenied) as refused:
        CALLS[op](services, user)
    assert _state(db) == before
    if role == "stranger":
        assert "<@U0COORD>" in refused.value.message


def test_permission_is_read_at_the_write_not_when_the_button_was_shown(
    services: Services, db: Database
) -> None:
    start = services.actions.start_update("U0SSPLEAD", _action_id(services))  # the form opens
    services.people.remove_member("U0COORD", "SSP", "U0SSPLEAD")  # then the lead leaves
    before = _state(db)
    with pytest.raises(NotRegistered):
        services.actions.save_update(
            "U0SSPLEAD",
            start.action.id,
            UpdateInput(status=Status.IN_PROGRESS, note="late"),
            source="modal",
        )
    assert _state(db) == before


def test_update_start_checks_and_reads_the_proposal_in_one_unit_of_work(
    services: Services, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    real = db.uow

    def counting_uow() -> object:
        opened.append(1)
        return real()

    monkeypatch.setattr(db, "uow", counting_uow)
    start = services.actions.start_update(OWNER, "1.3", "started on it")
    assert opened == [1]
    assert start.action.full_ref == "lily:1.3"
    assert start.proposal is not None and start.proposal.status is Status.IN_PROGRESS
    assert services.actions.start_update(OWNER, start.action.id).proposal is None
    with pytest.raises(PermissionDenied):
        services.actions.start_update("U0SSPOFFICER", "1.3", "started on it")
    with pytest.raises(NotRegistered):
        services.actions.start_update("U0STRANGER", "no-such-ref")
