"""Named people who sign in to the reviewer pages, and their browser sessions.

Passwords are hashed with Argon2 (argon2-cffi); a session cookie is a random value of which only
the SHA-256 is stored, with its own CSRF token and an expiry.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, VerifyMismatchError
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from approval.persistence.models import AccountRow, ApiToken, WebSessionRow
from approval.tokens import Principal, principal_of

ACCOUNT_ROLES = ("reviewer", "supervisor", "admin")
_hasher = PasswordHasher()
# Verifying against this keeps an unknown username as slow as a wrong password.
_DUMMY = _hasher.hash("not a password")


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf: str


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create_account(
    sessions: sessionmaker[Session], username: str, name: str, role: str, password: str,
    jurisdiction: str | None = None,
) -> str:
    """A new account; returns the token id its actions are recorded under."""
    if role not in ACCOUNT_ROLES:
        raise ValueError(f"an account is one of {', '.join(ACCOUNT_ROLES)}")
    if len(password) < 10:
        raise ValueError("a password has at least 10 characters")
    token_id = secrets.token_hex(8)
    with sessions.begin() as session:
        # The identity the person's actions are recorded under; its bearer value exists nowhere.
        unusable = _digest(secrets.token_urlsafe(32))
        now = datetime.now(UTC)
        session.add(ApiToken(id=token_id, token_hash=unusable, role=role, label=name, created_at=now,
                             jurisdiction=jurisdiction))  # fmt: skip
        session.flush()  # the identity row first: the account refers to it
        session.add(AccountRow(username=username, token_id=token_id, password_hash=_hasher.hash(password)))
    return token_id


def sign_in(
    sessions: sessionmaker[Session], username: str, password: str, hours: float
) -> tuple[str, WebSession] | None:
    """(cookie value, session) for the right password of an active account, else None."""
    with sessions.begin() as session:
        account = session.get(AccountRow, username)
        try:
            _hasher.verify(account.password_hash if account else _DUMMY, password)
        except (VerifyMismatchError, VerificationError):
            return None
        if account is None:
            return None
        principal = principal_of(session.get(ApiToken, account.token_id))
        if principal is None:
            return None
        cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        expires = datetime.now(UTC) + timedelta(hours=hours)
        row = WebSessionRow(id_hash=_digest(cookie), token_id=account.token_id, csrf=csrf, expires_at=expires)
        session.add(row)
    return cookie, WebSession(principal, csrf)


def session_of(sessions: sessionmaker[Session], cookie: str) -> WebSession | None:
    with sessions() as session:
        row = session.get(WebSessionRow, _digest(cookie))
        if row is None or row.expires_at < datetime.now(UTC):
            return None
        principal = principal_of(session.get(ApiToken, row.token_id))
        return WebSession(principal, row.csrf) if principal is not None else None


def sign_out(sessions: sessionmaker[Session], cookie: str) -> None:
    with sessions.begin() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.id_hash == _digest(cookie)))
