"""cases count their processing attempts; on PostgreSQL the job queue's tables (procrastinate)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 02:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        # The queue's schema as procrastinate ships it, in this database's schema, so that a job
        # can be enqueued in the transaction that stores its case. Later procrastinate versions
        # bring their own migrations (procrastinate/sql/migrations), applied in a revision here.
        from procrastinate.schema import SchemaManager

        # Through the driver's cursor with no parameters: the schema's own '%' are not placeholders.
        with connection.connection.cursor() as cursor:
            cursor.execute(SchemaManager.get_schema())


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for table in ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs",
                      "procrastinate_workers"):  # fmt: skip
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("attempts")
