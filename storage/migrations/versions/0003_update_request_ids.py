"""update request ids, drop action.last_update_at

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 17:07:59.214627
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("last_update_at")

    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_action_update_request_id"), ["request_id"])


def downgrade() -> None:
    with op.batch_alter_table("action_update", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_action_update_request_id"), type_="unique")
        batch_op.drop_column("request_id")

    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_update_at", sa.DateTime(timezone=True), nullable=True))
