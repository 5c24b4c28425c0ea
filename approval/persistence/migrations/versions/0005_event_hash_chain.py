"""case events form a hash chain per case

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 03:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_events") as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=False, server_default=""))
    # Events written before: chained now, in the order they were written.
    from types import SimpleNamespace

    from approval.persistence.audit import event_hash

    columns = [sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("data", sa.JSON)]
    columns += [sa.column(name, sa.String) for name in ("case_id", "type", "actor", "prev_hash", "hash")]
    events = sa.table("case_events", *columns)
    connection = op.get_bind()
    prev: dict[str, str] = {}
    c = events.c
    query = sa.select(c.id, c.case_id, c.at, c.type, c.actor, c.data)
    for row in connection.execute(query.order_by(events.c.case_id, events.c.id)).all():
        before = prev.get(row.case_id, "")
        prev[row.case_id] = event_hash(before, SimpleNamespace(**row._mapping))
        connection.execute(events.update().where(events.c.id == row.id)
                           .values(prev_hash=before, hash=prev[row.case_id]))  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("case_events") as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
