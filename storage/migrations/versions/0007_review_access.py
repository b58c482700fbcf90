"""review_agency (who takes part in a review) and protected_name (names kept out)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.String(length=32), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_review_agency_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_review_agency_review_id_review")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_agency")),
        sa.UniqueConstraint("review_id", "agency_id", name=op.f("uq_review_agency_review_id")),
    )
    with op.batch_alter_table("review_agency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_agency_review_id"), ["review_id"], unique=False)
    op.create_table(
        "protected_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pseudonym", sa.String(length=200), nullable=False),
        sa.Column("added_by", sa.String(length=32), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_protected_name_review_id_review")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protected_name")),
        sa.UniqueConstraint("review_id", "name", name=op.f("uq_protected_name_review_id")),
    )
    with op.batch_alter_table("protected_name", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protected_name_review_id"), ["review_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("protected_name", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protected_name_review_id"))
    op.drop_table("protected_name")
    with op.batch_alter_table("review_agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_agency_review_id"))
    op.drop_table("review_agency")
