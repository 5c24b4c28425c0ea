"""cases returned for correction and resubmitted count their time limit from a shifted start

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 03:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.persistence.models import UtcDateTime

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(sa.Column("clock_from", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("clock_from")
