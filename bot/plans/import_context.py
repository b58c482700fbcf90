"""What one import carries from step to step: the report, the loaded rows, the history rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.assurance_state import IMPORTER
from bot.dates.targets import Target, TargetKind, interpret_target
from bot.plans.delivering import AgencyNames
from bot.plans.document import ActionDoc
from storage.models import Action, Agency, Recommendation, Review, Update
from storage.repositories import people


@dataclass
class ImportReport:
    """What an import did, for the person who ran it."""

    review: str
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Actions whose delivering agency a coordinator should confirm, with the reason.
    to_confirm: list[str] = field(default_factory=list)
    # Recommendations resembling ones of earlier reviews, one sentence each.
    recurring: list[str] = field(default_factory=list)


@dataclass
class NewAction:
    """An action to insert, with what its first history row needs."""

    rec: Recommendation
    doc: ActionDoc
    lead: Agency
    delivering: Agency
    target: Target
    position: int


@dataclass
class ImportContext:
    """The state of one import: its unit of work, its clock and what it has loaded so far."""

    session: Session
    review: Review
    now: datetime
    today: date
    report: ImportReport
    agencies: dict[str, Agency]
    names: list[AgencyNames] = field(default_factory=list)
    existing: dict[str, Action] = field(default_factory=dict)
    recommendations: dict[int, Recommendation] = field(default_factory=dict)
    new: dict[str, NewAction] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    chosen_delivering: set[int] = field(default_factory=set)  # set by a person: it stands


def unresolved(kind: str) -> bool:
    """Return whether a target of this kind gives no date a coordinator can rely on."""
    return kind in (TargetKind.UNKNOWN, TargetKind.RELATIVE)


def agency(ctx: ImportContext, code: str, name: str = "") -> Agency:
    """Return the agency with this code, adding it (and saying so) when it is new."""
    key = code.lower()
    if key in ctx.agencies:
        return ctx.agencies[key]
    found = people.get_agency(code, session=ctx.session)
    if found is None:
        found = Agency(code=code, name=name or code)
        ctx.session.add(found)
        ctx.session.flush()
        ctx.report.changed.append(f"new agency {code}")
    ctx.agencies[key] = found
    return found


def target(ctx: ImportContext, text: str) -> Target:
    """Return what a target text means for this review, reading each text once."""
    # The same few target texts recur across a plan; reading one can mean a dateparser call.
    found = ctx.targets.get(text)
    if found is None:
        found = interpret_target(text, published=ctx.review.published, today=ctx.today)
        ctx.targets[text] = found
    return found


def record(ctx: ImportContext, action: Action, *, note: str, **fields: object) -> None:
    """Add a history row, by the import, for a change it made to a stored action."""
    fields.setdefault("status_before", action.status)
    update = Update(
        action_id=action.id,
        user_id=IMPORTER,
        created_at=ctx.now,
        source=IMPORTER,
        status_after=action.status,
        note=note,
        **fields,
    )
    ctx.session.add(update)
