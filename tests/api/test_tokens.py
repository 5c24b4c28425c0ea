"""Bearer tokens expire and can be revoked; each refusal says which. Browser sessions expire too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from approval.cli import main
from approval.persistence.models import ApiToken, WebSessionRow
from approval.tokens import create_token, list_tokens, revoke_token
from tests.support import bearer, sign_in


def token_id(token: str) -> str:
    return token.split("_")[2]


def test_a_new_token_lasts_the_configured_days(service):
    token = create_token(service.sessions, "portal", "p")
    (info,) = [t for t in list_tokens(service.sessions) if t.id == token_id(token)]
    expected = datetime.now(UTC) + timedelta(days=service.settings.token_days)
    assert abs((info.expires_at - expected).total_seconds()) < 60
    assert info.state == "active" and token not in info.masked and info.masked.endswith("…")
    forever = create_token(service.sessions, "portal", "p", days=0)
    assert [t.expires_at for t in list_tokens(service.sessions) if t.id == token_id(forever)] == [None]
    with pytest.raises(ValueError):
        create_token(service.sessions, "portal", days=-1)


def test_an_expired_token_is_refused_saying_so(client, service):
    token = create_token(service.sessions, "reviewer", "r", days=1)
    assert client.get("/v1/review/tasks", headers=bearer(token)).status_code == 200
    with service.sessions.begin() as session:
        past = datetime.now(UTC) - timedelta(seconds=1)
        session.execute(update(ApiToken).where(ApiToken.id == token_id(token)).values(expires_at=past))
    response = client.get("/v1/review/tasks", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"


def test_a_revoked_token_is_refused_saying_so(client, service):
    token = create_token(service.sessions, "portal", "p")
    assert revoke_token(service.sessions, token_id(token))
    response = client.get("/v1/cases", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_revoked"
    assert not revoke_token(service.sessions, "no-such-id")
    unknown = client.get("/v1/cases", headers=bearer("ap_portal_0000_nothing"))
    assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "unauthenticated"


def test_cli_creates_lists_masked_and_revokes(settings, service, monkeypatch, capsys):
    from approval.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("APPROVAL_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        assert main(["tokens", "create", "--role", "portal", "--label", "门户 A", "--days", "30"]) == 0
        token = capsys.readouterr().out.strip()
        assert main(["tokens", "list"]) == 0
        listing = capsys.readouterr().out
        assert token_id(token) in listing and token not in listing and "门户 A" in listing
        assert main(["tokens", "revoke", token_id(token)]) == 0
        capsys.readouterr()
        assert main(["tokens", "list"]) == 0
        line = [x for x in capsys.readouterr().out.splitlines() if token_id(token) in x][0]
        assert " revoked " in line
        assert main(["tokens", "revoke", "nope"]) == 1
    finally:
        get_settings.cache_clear()


def test_a_browser_session_expires(client, service):
    sign_in(client, service)
    assert client.get("/review", follow_redirects=False).status_code == 200
    with service.sessions.begin() as session:
        session.execute(update(WebSessionRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    gone = client.get("/review", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/review/login"


def test_a_named_account_s_identity_does_not_expire(service):
    from approval.accounts import create_account

    identity = create_account(service.sessions, "li", "李科员", "reviewer", "long enough password")
    assert [t.expires_at for t in list_tokens(service.sessions) if t.id == identity] == [None]
