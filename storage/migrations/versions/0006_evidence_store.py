"""evidence copies in the store, review types, controlled recommendation themes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        # Every review before this revision was a Domestic Homicide Review.
        batch_op.add_column(
            sa.Column("type", sa.String(length=16), nullable=False, server_default="DHR")
        )

    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("controlled_theme", sa.String(length=100), nullable=True))

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stored_key", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("size", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("media_type", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("copy_state", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("copy_note", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("copy_note")
        batch_op.drop_column("copy_state")
        batch_op.drop_column("media_type")
        batch_op.drop_column("size")
        batch_op.drop_column("sha256")
        batch_op.drop_column("stored_key")

    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_column("controlled_theme")

    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("type")
