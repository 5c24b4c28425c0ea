"""the applicants' ratings of finished services (好差评)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 05:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.persistence.models import UtcDateTime

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(length=48), nullable=False, unique=True),
        sa.Column("matter", sa.String(length=64), nullable=False, index=True),
        sa.Column("region_code", sa.String(length=6), nullable=False, server_default=""),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
        sa.Column("rated_at", UtcDateTime(), nullable=False, index=True),
        sa.Column("token_id", sa.String(length=32), nullable=False),
        sa.Column("handled_at", UtcDateTime(), nullable=True, index=True),
        sa.Column("handled_by", sa.String(length=32), nullable=True),
        sa.Column("handling_note", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("ratings")
