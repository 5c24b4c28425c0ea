"""checks after instant approval (事后监管) and revocation of registrations (撤销登记)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 05:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.persistence.models import UtcDateTime

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "post_checks",
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("matter", sa.String(length=64), nullable=False, index=True),
        sa.Column("region_code", sa.String(length=6), nullable=False, server_default=""),
        sa.Column("drawn_at", UtcDateTime(), nullable=False, index=True),
        sa.Column("draw", sa.Float(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("seed_id", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False, server_default="open", index=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
    )
    with op.batch_alter_table("register_entries") as table:
        table.add_column(sa.Column("revoked_at", UtcDateTime(), nullable=True))
        table.add_column(sa.Column("revocation_reason", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("register_entries") as table:
        table.drop_column("revocation_reason")
        table.drop_column("revoked_at")
    op.drop_table("post_checks")
