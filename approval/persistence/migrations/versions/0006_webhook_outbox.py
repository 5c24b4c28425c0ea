"""portals' webhook endpoints and the outbox of notifications to deliver

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 03:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.persistence.models import UtcDateTime

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("token_id", sa.String(length=32), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("token_id", sa.String(length=32), nullable=False, index=True),
        sa.Column("case_id", sa.String(length=36), nullable=False, index=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=False, index=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("delivered_at", UtcDateTime(), nullable=True, index=True),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("webhook_endpoints")
