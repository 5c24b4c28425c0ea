"""named accounts for the reviewer pages, and their browser sessions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 03:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.persistence.models import UtcDateTime

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("username", sa.String(length=64), primary_key=True),
        sa.Column("token_id", sa.String(32), sa.ForeignKey("api_tokens.id"), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(length=64), primary_key=True),
        sa.Column("token_id", sa.String(32), sa.ForeignKey("api_tokens.id"), nullable=False, index=True),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_sessions")
    op.drop_table("accounts")
