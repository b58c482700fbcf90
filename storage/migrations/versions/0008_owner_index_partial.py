"""index action.owner_id only where an owner is set

An action has no owner until a lead assigns one, so a plan just imported can hold thousands
of actions with owner_id NULL. A full index gives them all one key, and the planner's
statistics then say "owner_id = ? matches every action": a lead's list (owner OR agency)
scans the table instead of reading the agency indexes. The partial index holds the owned
actions only, which is every row `owner_id = ?` can match.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED = sa.text("owner_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_action_owner_id", table_name="action")
    op.create_index(
        "ix_action_owner_id",
        "action",
        ["owner_id"],
        unique=False,
        sqlite_where=OWNED,
        postgresql_where=OWNED,
    )


def downgrade() -> None:
    op.drop_index("ix_action_owner_id", table_name="action")
    op.create_index("ix_action_owner_id", "action", ["owner_id"], unique=False)
