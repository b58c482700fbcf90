"""Insert a plan's new actions and their first history rows: two statements whatever the size."""

from __future__ import annotations

from sqlalchemy import Table, insert, select

from bot.assurance_state import IMPORTER, Signoff
from bot.dates.targets import TargetKind
from bot.plans.import_context import ImportContext, unresolved
from bot.status import Status
from storage.models import Action, Update

ACTION_TABLE: Table = Action.__table__  # type: ignore[assignment]
UPDATE_TABLE: Table = Update.__table__  # type: ignore[assignment]


def insert_new_actions(ctx: ImportContext) -> None:
    """Insert the new actions and their "Imported from the plan" rows: two statements."""
    if not ctx.new:
        return
    ctx.session.flush()  # new recommendations and agencies get their ids
    rows = []
    for ref, new in ctx.new.items():
        complete = new.target.kind is TargetKind.COMPLETE
        rows.append(
            {
                "review_id": ctx.review.id,
                "recommendation_id": new.rec.id,
                "ref": ref,
                "position": new.position,
                "text": new.doc.text,
                "lead_agency_id": new.lead.id,
                "delivering_agency_id": new.delivering.id,
                "owner_id": new.doc.owner,
                "milestones": list(new.doc.milestones),
                "target_text": new.doc.target,
                "target_kind": new.target.kind.value,
                "target_flag": new.target.reason if unresolved(new.target.kind) else None,
                "due_date": new.target.due_date,
                "outcome": new.doc.outcome,
                "status": (Status.COMPLETE if complete else Status.NOT_STARTED).value,
                "completed_on": None,
                "created_at": ctx.now,
                # The plan's "Implemented": signed off by the plan itself.
                "signoff": Signoff.SIGNED_OFF.value if complete else None,
                "signed_off_by": IMPORTER if complete else None,
            }
        )
    # Core executemany on the tables (the ORM's bulk insert splits rows into many small
    # batches by which values are None) without RETURNING (SQLAlchemy splices RETURNING
    # batches in quadratic time), then the ids in one SELECT.
    ctx.session.execute(insert(ACTION_TABLE), rows)
    found = ctx.session.execute(
        select(Action.ref, Action.id).where(Action.review_id == ctx.review.id)
    )
    ids = {ref: action_id for ref, action_id in found}
    history = []
    for row, new in zip(rows, ctx.new.values(), strict=True):
        action_id = ids[str(row["ref"])]
        complete = new.target.kind is TargetKind.COMPLETE
        note = "Imported from the plan" + (
            f"; the plan records it as {new.doc.target!r}" if complete else ""
        )
        history.append(
            {
                "action_id": action_id,
                "user_id": IMPORTER,
                "created_at": ctx.now,
                "source": IMPORTER,
                "status_before": None,
                "status_after": row["status"],
                "note": note,
                "due_date_before": None,
                "new_due_date": row["due_date"],
                "completed_on": None,
                "owner_before": None,
                "owner_after": new.doc.owner,
                "delivering_after": new.delivering.id,
            }
        )
    ctx.session.execute(insert(UPDATE_TABLE), history)
