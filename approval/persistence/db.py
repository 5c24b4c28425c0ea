"""Engine, sessions and schema migration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            # WAL lets the reviewer pages read while a submission is being written.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # No ping on every checkout (a round trip per transaction): a connection the server closed
    # fails its statement, SQLAlchemy drops the pool's stale connections, and the API answers
    # 503 so the portal retries with its idempotency key (a job is retried by the queue).
    return create_engine(url, pool_size=10, max_overflow=10, pool_recycle=1800)


# pg_advisory_lock key: "approval setup" (any constant no other application on the database uses).
SETUP_LOCK = 0x617070726F76


@contextmanager
def exclusive_setup(engine: Engine) -> Iterator[None]:
    """Processes that start together (API processes, workers) migrate and seed one at a time."""
    if engine.dialect.name != "postgresql":
        yield  # SQLite is served by one process
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETUP_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETUP_LOCK})
            connection.commit()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # Their hooks chain every event written and put every status change in the outbox.
    from approval.persistence import audit, outbox  # noqa: F401

    return sessionmaker(engine, expire_on_commit=False)
