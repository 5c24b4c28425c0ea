"""一件事 bundles: a bundle row and its parts (each an ordinary case); an outbox row may be about
a bundle rather than a case

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 05:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.persistence.models import UtcDateTime

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bundles",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("owner_token_id", sa.String(length=32), nullable=False, index=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_digest", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("owner_token_id", "idempotency_key", name="uq_bundle_idem"),
    )
    op.create_table(
        "bundle_parts",
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("bundle_id", sa.String(length=36), sa.ForeignKey("bundles.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("after_case_id", sa.String(length=36), nullable=True, index=True),
    )
    # A bundle's own status change is told to the portal too; it concerns no single case.
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("case_id", existing_type=sa.String(length=36), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE case_id IS NULL")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("case_id", existing_type=sa.String(length=36), nullable=False)
    op.drop_table("bundle_parts")
    op.drop_table("bundles")
