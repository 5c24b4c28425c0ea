"""personal data protection: token expiry and revocation time, licence verification codes,
purged documents

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 05:00:00

"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from approval.credit_codes import new_verification_code
from approval.persistence.case_store import idempotency_key_digest
from approval.persistence.models import UtcDateTime

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tokens issued before expiry existed keep working this long after the upgrade (the default
# lifetime of a new token), so no portal is cut off by the upgrade itself.
GRACE = timedelta(days=90)


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("revoked_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("expires_at", UtcDateTime(), nullable=True))
    with op.batch_alter_table("register_entries") as batch:
        batch.add_column(sa.Column("verification_code", sa.String(length=16), nullable=True))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("purged_at", UtcDateTime(), nullable=True))

    bind = op.get_bind()
    tokens = sa.table("api_tokens", sa.column("id", sa.String), sa.column("expires_at", UtcDateTime()))
    accounts = sa.table("accounts", sa.column("token_id", sa.String))
    # A named account's identity token has no bearer value: it lasts as long as the account.
    bind.execute(
        tokens.update()
        .where(tokens.c.id.not_in(sa.select(accounts.c.token_id)))
        .values(expires_at=datetime.now(UTC) + GRACE)
    )

    # Idempotency keys are kept as digests from now on (the database quotes a unique key's value
    # in its log when two requests race, and a portal may build its keys from ID numbers).
    keyed = sa.table("cases", sa.column("id", sa.String), sa.column("idempotency_key", sa.String))
    rows = bind.execute(
        sa.select(keyed.c.id, keyed.c.idempotency_key).where(
            keyed.c.idempotency_key.is_not(None), keyed.c.idempotency_key.not_like("sha256:%")
        )
    ).all()
    if rows:
        bind.execute(
            keyed.update()
            .where(keyed.c.id == sa.bindparam("case_id"))
            .values(idempotency_key=sa.bindparam("key")),
            [{"case_id": case_id, "key": idempotency_key_digest(key)} for case_id, key in rows],
        )

    # Licences issued before now get their verification code; the approved case's answer (what
    # the applicant reads) carries it too. The history's events are left as they were written.
    register = sa.table(
        "register_entries",
        sa.column("credit_code", sa.String),
        sa.column("case_id", sa.String),
        sa.column("verification_code", sa.String),
    )
    cases = sa.table("cases", sa.column("id", sa.String), sa.column("result", sa.JSON))
    for credit_code, case_id in bind.execute(sa.select(register.c.credit_code, register.c.case_id)).all():
        code = new_verification_code()
        bind.execute(
            register.update().where(register.c.credit_code == credit_code).values(verification_code=code)
        )
        if case_id is None:
            continue
        result = bind.execute(sa.select(cases.c.result).where(cases.c.id == case_id)).scalar()
        if isinstance(result, dict) and result.get("credit_code") == credit_code:
            licence = str(result.get("licence") or "").split("?", 1)[0]
            result = {**result, "verification_code": code, "licence": f"{licence}?verification_code={code}"}
            bind.execute(cases.update().where(cases.c.id == case_id).values(result=result))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("purged_at")
    with op.batch_alter_table("register_entries") as batch:
        batch.drop_column("verification_code")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("revoked_at")
