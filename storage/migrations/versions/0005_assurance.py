"""assurance: sign-off, impact, re-programming, assurance statements, decisions, escalation

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signoff", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("signed_off_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("signed_off_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("original_due_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("times_reprogrammed", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("impact", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("last_assured_on", sa.Date(), nullable=True))

    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("impact", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("proposed_due_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decides_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_action_update_decides_id_action_update"),
            "action_update",
            ["decides_id"],
            ["id"],
        )

    op.create_table(
        "recommendation_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_decision_recommendation_id_recommendation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_decision")),
    )
    with op.batch_alter_table("recommendation_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_decision_recommendation_id"),
            ["recommendation_id"],
            unique=False,
        )
    op.create_table(
        "reminder_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_reminder_item_action_id_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_item")),
        sa.UniqueConstraint(
            "action_id", "user_id", "week_start", name=op.f("uq_reminder_item_action_id")
        ),
    )
    with op.batch_alter_table("reminder_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_item_action_id"), ["action_id"], unique=False)
    op.create_table(
        "escalation_ack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["action.id"], name=op.f("fk_escalation_ack_action_id_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_ack")),
    )
    with op.batch_alter_table("escalation_ack", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escalation_ack_action_id"), ["action_id"], unique=False
        )
    _backfill_signoff()


def _backfill_signoff() -> None:
    # Actions complete before sign-off existed: the plan's own "Implemented" ones count as
    # signed off by the plan (as a fresh import does); a person's completion awaits sign-off.
    action = sa.table(
        "action",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("signoff", sa.String),
        sa.column("signed_off_by", sa.String),
    )
    update = sa.table(
        "action_update",
        sa.column("action_id", sa.Integer),
        sa.column("status_after", sa.String),
        sa.column("source", sa.String),
    )
    by_person = (
        sa.select(update.c.action_id)
        .where(update.c.status_after == "complete", update.c.source != "import")
        .scalar_subquery()
    )
    complete = action.c.status == "complete"
    op.execute(
        action.update().where(complete, action.c.id.in_(by_person)).values(signoff="awaiting")
    )
    op.execute(
        action.update()
        .where(complete, action.c.signoff.is_(None))
        .values(signoff="signed_off", signed_off_by="import")
    )


def downgrade() -> None:
    op.drop_table("escalation_ack")
    op.drop_table("reminder_item")
    op.drop_table("recommendation_decision")
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_action_update_decides_id_action_update"), type_="foreignkey"
        )
        batch_op.drop_column("decides_id")
        batch_op.drop_column("proposed_due_date")
        batch_op.drop_column("impact")
        batch_op.drop_column("kind")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("last_assured_on")
        batch_op.drop_column("impact")
        batch_op.drop_column("times_reprogrammed")
        batch_op.drop_column("original_due_date")
        batch_op.drop_column("signed_off_by")
        batch_op.drop_column("signed_off_on")
        batch_op.drop_column("signoff")
