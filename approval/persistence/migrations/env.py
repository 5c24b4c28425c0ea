"""Alembic environment: driven from code (approval.persistence.db.migrate), no alembic.ini."""

from alembic import context

from approval.persistence.models import Base

config = context.config
connection = config.attributes.get("connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
