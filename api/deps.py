"""Dependencies declared once: the service and the caller's identity."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from approval.accounts import session_of
from approval.service import ApprovalService
from approval.tokens import Principal, TokenRejected, authenticate


def get_service(request: Request) -> ApprovalService:
    return request.app.state.service


ServiceDep = Annotated[ApprovalService, Depends(get_service)]


SESSION_COOKIE = "approval_session"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


# Declared so the OpenAPI document names the bearer scheme on every protected operation; the
# header is read below, where a browser's session cookie is the alternative.
BEARER = HTTPBearer(auto_error=False, description="an API token: `approval tokens create --role …`")


def current_principal(
    request: Request,
    service: ServiceDep,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None,
) -> Principal:
    """A bearer token (programs), or a signed-in browser's session cookie (the reviewer pages;
    its forms must then carry the session's CSRF token, see ``check_csrf``)."""
    request.state.csrf = None
    token = _bearer(request)
    if token:
        try:
            principal = authenticate(service.sessions, token)
        except TokenRejected as exc:  # its holder may know why: token_expired or token_revoked
            raise ApiError(401, exc.code, str(exc)) from None
        if principal is None:
            raise ApiError(401, "unauthenticated", "unknown token")
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    web = session_of(service.sessions, cookie) if cookie else None
    if web is None:
        message = "send 'Authorization: Bearer <token>' or sign in at /review/login"
        raise ApiError(401, "unauthenticated", message)
    request.state.csrf = web.csrf
    return web.principal


def check_csrf(request: Request, submitted: str | None) -> None:
    """A form posted by a signed-in browser must carry its session's CSRF token."""
    expected = getattr(request.state, "csrf", None)
    if expected is not None and not hmac.compare_digest(expected, submitted or ""):
        raise ApiError(403, "csrf", "the form is stale or did not come from this site; reload the page")


def require(*roles: str):
    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.can(*roles):
            raise ApiError(
                403, "forbidden", f"this needs a {' or '.join(roles)} token; yours is {principal.role}"
            )
        return principal

    return check


PortalDep = Annotated[Principal, Depends(require("portal"))]
ReaderDep = Annotated[Principal, Depends(require("portal", "reviewer", "author"))]  # supervisors too
ReviewerDep = Annotated[Principal, Depends(require("reviewer"))]
AuthorDep = Annotated[Principal, Depends(require("author"))]
AnyRoleDep = Annotated[Principal, Depends(current_principal)]
