"""where each read field is printed on its document, for the reviewer's page

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 05:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fields read before this have no outlines: their cases show the images without them.
    op.add_column("extracted_fields", sa.Column("outlines", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("extracted_fields", "outlines")
