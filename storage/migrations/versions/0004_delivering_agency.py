"""delivering agency per action, and its changes in the update history

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 15:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivering_agency_id", sa.Integer(), nullable=True))
    # Until a plan or a coordinator says otherwise, the accountable agency delivers.
    op.execute("UPDATE action SET delivering_agency_id = lead_agency_id")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.alter_column("delivering_agency_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_action_delivering_agency_id_agency"),
            "agency",
            ["delivering_agency_id"],
            ["id"],
        )
        batch_op.create_index(
            batch_op.f("ix_action_delivering_agency_id"), ["delivering_agency_id"], unique=False
        )

    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivering_before", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("delivering_after", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_action_update_delivering_before_agency"),
            "agency",
            ["delivering_before"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_action_update_delivering_after_agency"),
            "agency",
            ["delivering_after"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_action_update_delivering_after_agency"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_action_update_delivering_before_agency"), type_="foreignkey"
        )
        batch_op.drop_column("delivering_after")
        batch_op.drop_column("delivering_before")

    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_delivering_agency_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_action_delivering_agency_id_agency"), type_="foreignkey"
        )
        batch_op.drop_column("delivering_agency_id")
