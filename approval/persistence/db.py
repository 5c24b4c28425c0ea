"""Engine, sessions and schema migration."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _strict_json(value: object) -> str:
    """JSON as the database's parser takes it. Python would write NaN and Infinity, which
    PostgreSQL refuses, quoting the text around them (an applicant's ID number) in its error log;
    refused here instead, with nothing of the value in the message."""
    return json.dumps(value, allow_nan=False)


# Personal data never goes into an error message of ours: SQLAlchemy's errors leave out the
# statement's values ("[parameters: …]"), and the JSON written is always valid.
ENGINE_OPTIONS = {"hide_parameters": True, "json_serializer": _strict_json}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, connect_args=connect_args, **ENGINE_OPTIONS)

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
    engine = create_engine(url, pool_size=10, max_overflow=10, pool_recycle=1800, **ENGINE_OPTIONS)
    event.listen(engine, "connect", quiet_server_log)
    return engine


def quiet_server_log(dbapi_connection, _record=None) -> None:  # noqa: ANN001 - a psycopg connection
    """Ask PostgreSQL not to write this connection's bind values (ID numbers, phones) into its log:
    with an error (any role may set that) and with logged statements (superuser, or a role granted
    SET on it: skipped when not allowed, so a deployment's own role still connects)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET log_parameter_max_length_on_error = 0")
    cursor.execute(
        "SELECT current_setting('is_superuser') = 'on', current_setting('server_version_num')::int"
    )
    superuser, version = cursor.fetchone()
    allowed = superuser
    if not allowed and version >= 150000:  # SET may be granted on one parameter since PostgreSQL 15
        cursor.execute("SELECT has_parameter_privilege('log_parameter_max_length', 'SET')")
        allowed = cursor.fetchone()[0]
    if allowed:
        cursor.execute("SET log_parameter_max_length = 0")
    cursor.close()
    dbapi_connection.commit()


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
