"""Checks after instant approval (事后监管): the queue of drawn approvals, and a reviewer's
confirmation or revocation (撤销登记)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ReviewerDep, ServiceDep
from api.openapi import PROTECTED, answers
from approval.use_cases.checks import confirm_check, list_checks, revoke_after_check

router = APIRouter(prefix="/v1/review/checks", tags=["checks after approval"])


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: str = Field(default="", max_length=4000, description="what was found; required to revoke")


class Check(BaseModel):
    case_id: str
    matter: str
    status: Literal["open", "confirmed", "revoked"]
    drawn_at: str
    draw: float = Field(description="the recorded draw, uniform in [0, 1): drawn when below share")
    share: float = Field(description="the share of the matter's instant approvals checked")
    decided_by: str | None
    decided_at: str | None
    comment: str


class Checks(BaseModel):
    checks: list[Check]
    total: int


@router.get("", summary="Instant approvals drawn for a check, oldest first", **answers(Checks, 422, *PROTECTED))  # noqa: E501
def drawn_checks(
    service: ServiceDep,
    principal: ReviewerDep,
    status: Literal["open", "confirmed", "revoked"] = "open",
    matter: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict:
    return list_checks(service, principal, status, matter, limit, offset)


@router.post("/{case_id}/confirm", summary="The approval stands", **answers(Check, 404, 409, 422, *PROTECTED))
def confirm(case_id: str, body: CheckIn, service: ServiceDep, principal: ReviewerDep) -> dict:
    return confirm_check(service, principal, case_id, body.comment)


@router.post(
    "/{case_id}/revoke",
    summary="撤销登记: the registration is revoked with the reasons in comment; the portal is told",
    **answers(Check, 404, 409, 422, *PROTECTED),
)
def revoke(case_id: str, body: CheckIn, service: ServiceDep, principal: ReviewerDep) -> dict:
    return revoke_after_check(service, principal, case_id, body.comment)
