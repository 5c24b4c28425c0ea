"""register entries carry the normalised name every name comparison uses

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 23:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from approval.business_names import name_key

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("register_entries") as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_index("ix_register_entries_name_key", ["name_key"], unique=False)
    # Keys of entries made before: computed in Python, as new entries' are.
    table = sa.table("register_entries", sa.column("credit_code", sa.String), sa.column("name", sa.String),
                     sa.column("name_key", sa.String))  # fmt: skip
    connection = op.get_bind()
    for code, name in connection.execute(sa.select(table.c.credit_code, table.c.name)).all():
        connection.execute(table.update().where(table.c.credit_code == code).values(name_key=name_key(name)))


def downgrade() -> None:
    with op.batch_alter_table("register_entries") as batch_op:
        batch_op.drop_index("ix_register_entries_name_key")
        batch_op.drop_column("name_key")
