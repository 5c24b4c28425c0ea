"""several jurisdictions in one deployment: each case's region code, each token's jurisdiction

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 06:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.jurisdictions import region_of

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as table:
        table.add_column(sa.Column("region_code", sa.String(length=6), nullable=False, server_default=""))
        table.create_index("ix_cases_region_code", ["region_code"])
    with op.batch_alter_table("api_tokens") as table:
        table.add_column(sa.Column("jurisdiction", sa.String(length=6), nullable=True))
    # Stored cases get the region code their submission names.
    connection = op.get_bind()
    cases = sa.table("cases", sa.column("id", sa.String), sa.column("submission", sa.JSON),
                     sa.column("region_code", sa.String))  # fmt: skip
    for case_id, stored in connection.execute(sa.select(cases.c.id, cases.c.submission)).all():
        region = region_of(((stored or {}).get("body") or {}) if isinstance(stored, dict) else {})
        if region:
            connection.execute(cases.update().where(cases.c.id == case_id).values(region_code=region[:6]))


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as table:
        table.drop_column("jurisdiction")
    with op.batch_alter_table("cases") as table:
        table.drop_index("ix_cases_region_code")
        table.drop_column("region_code")
