"""Bearer tokens: only their SHA-256 is stored, so a database leak reveals no usable token.

A token expires (``Settings.token_days`` after it is made, unless made for longer or for ever)
and can be revoked; either is refused with its own reason, which tells nothing to someone who does
not already hold the token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
    # The jurisdiction whose cases a reviewer or supervisor works; None: every one.
    jurisdiction: str | None = None

    def can(self, *roles: str) -> bool:
        granted = {self.role, "reviewer"} if self.role == "supervisor" else {self.role}
        return self.role == "admin" or bool(granted & set(roles))

    @property
    def supervises(self) -> bool:
        return self.role in ("supervisor", "admin")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenRejected(Exception):
    """A known token that no longer works: ``code`` is ``token_expired`` or ``token_revoked``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def create_token(
    sessions: sessionmaker[Session], role: str, label: str = "", days: float | None = None,
    jurisdiction: str | None = None,
) -> str:
    """A new token for ``role``, valid for ``days`` (None: the setting ``token_days``; 0: for ever)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if days is None:
        from approval.settings import get_settings

        days = get_settings().token_days
    if days < 0:
        raise ValueError("a token lasts 0 (for ever) or more days")
    token_id = secrets.token_hex(8)
    token = f"ap_{role}_{token_id}_{secrets.token_urlsafe(24)}"
    now = datetime.now(UTC)
    with sessions.begin() as session:
        session.add(
            ApiToken(
                id=token_id,
                token_hash=_hash(token),
                role=role,
                label=label,
                created_at=now,
                expires_at=now + timedelta(days=days) if days else None,
                jurisdiction=jurisdiction,
            )
        )
    return token


def _refusal(row: ApiToken) -> TokenRejected | None:
    if row.revoked:
        return TokenRejected("token_revoked", "this token was revoked; ask for a new one")
    if row.expires_at is not None and row.expires_at <= datetime.now(UTC):
        return TokenRejected("token_expired", "this token has expired; ask for a new one")
    return None


def principal_of(row: ApiToken | None) -> Principal | None:
    if row is None or _refusal(row) is not None:
        return None
    return Principal(token_id=row.id, role=row.role, label=row.label, jurisdiction=row.jurisdiction)


def authenticate(sessions: sessionmaker[Session], token: str) -> Principal | None:
    """The token's principal; None for a token never issued; ``TokenRejected`` for one expired or
    revoked."""
    with sessions() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
        if row is None:
            return None
        refusal = _refusal(row)
        if refusal is not None:
            raise refusal
        return Principal(token_id=row.id, role=row.role, label=row.label, jurisdiction=row.jurisdiction)


def revoke_token(sessions: sessionmaker[Session], token_id: str) -> bool:
    """Revoke a token by its id (the part after ``ap_<role>_``); False if there is no such token."""
    with sessions.begin() as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            return False
        if not row.revoked:
            row.revoked, row.revoked_at = True, datetime.now(UTC)
        return True


@dataclass(frozen=True)
class TokenInfo:
    id: str
    role: str
    label: str
    created_at: datetime
    expires_at: datetime | None
    state: str  # active, expired or revoked

    @property
    def masked(self) -> str:
        """How the token begins; the rest was shown once, when it was made, and is kept nowhere."""
        return f"ap_{self.role}_{self.id}_…"


def list_tokens(sessions: sessionmaker[Session]) -> list[TokenInfo]:
    with sessions() as session:
        rows = session.scalars(select(ApiToken).order_by(ApiToken.created_at, ApiToken.id)).all()
        out = []
        for row in rows:
            refusal = _refusal(row)
            state = "active" if refusal is None else refusal.code.removeprefix("token_")
            out.append(TokenInfo(row.id, row.role, row.label, row.created_at, row.expires_at, state))
        return out
