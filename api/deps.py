"""Dependencies declared once: the service and the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.errors import ApiError
from approval.service import ApprovalService
from approval.tokens import Principal, authenticate


def get_service(request: Request) -> ApprovalService:
    return request.app.state.service


ServiceDep = Annotated[ApprovalService, Depends(get_service)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    # Reviewer pages in a browser carry the token in a cookie.
    return request.cookies.get("approval_token")


def current_principal(request: Request, service: ServiceDep) -> Principal:
    token = _bearer(request)
    if not token:
        raise ApiError(401, "unauthenticated", "send 'Authorization: Bearer <token>'")
    principal = authenticate(service.sessions, token)
    if principal is None:
        raise ApiError(401, "unauthenticated", "unknown or revoked token")
    return principal


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
