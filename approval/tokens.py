"""Bearer tokens: only their SHA-256 is stored, so a database leak reveals no usable token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from approval.persistence.models import ApiToken

# A supervisor is a reviewer who may also release or reassign anyone's task.
ROLES = ("portal", "reviewer", "supervisor", "author", "admin")


@dataclass(frozen=True)
class Principal:
    token_id: str
    role: str
    label: str

    def can(self, *roles: str) -> bool:
        granted = {self.role, "reviewer"} if self.role == "supervisor" else {self.role}
        return self.role == "admin" or bool(granted & set(roles))

    @property
    def supervises(self) -> bool:
        return self.role in ("supervisor", "admin")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(sessions: sessionmaker[Session], role: str, label: str = "") -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    token_id = secrets.token_hex(8)
    token = f"ap_{role}_{token_id}_{secrets.token_urlsafe(24)}"
    with sessions.begin() as session:
        session.add(
            ApiToken(
                id=token_id,
                token_hash=_hash(token),
                role=role,
                label=label,
                created_at=datetime.now(UTC),
            )
        )
    return token


def principal_of(row: ApiToken | None) -> Principal | None:
    if row is None or row.revoked:
        return None
    return Principal(token_id=row.id, role=row.role, label=row.label)


def authenticate(sessions: sessionmaker[Session], token: str) -> Principal | None:
    with sessions() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
        if row is None or row.revoked:
            return None
        return Principal(token_id=row.id, role=row.role, label=row.label)
