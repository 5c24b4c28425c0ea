"""一件事 bundles: ``POST /v1/bundles`` (one submission for several matters) and
``GET /v1/bundles/{bundle_id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from api.bundle_schemas import BundleView, bundle_submission_body
from api.deps import PortalDep, ReaderDep, ServiceDep
from api.errors import ApiError
from api.openapi import PROTECTED, answers, errors
from api.submitting import submit, submitted
from approval import use_cases

router = APIRouter(prefix="/v1/bundles", tags=["bundles"])


@router.post(
    "",
    status_code=201,
    summary="Submit a 一件事 bundle (JSON or multipart with materials): every part decided",
    response_model=BundleView,
    responses={
        200: {
            "model": BundleView,
            "description": "A retry with the same Idempotency-Key: the bundle as it stands",
        },
        202: {"model": BundleView, "description": "Stored, a part still being decided: poll the Location"},
        **errors(400, 409, 413, 415, 422, *PROTECTED),
    },
    openapi_extra=bundle_submission_body(),
)
async def submit_bundle(
    request: Request,
    service: ServiceDep,
    principal: PortalDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    view, created = await submit(request, service, principal, idempotency_key, use_cases.submit_bundle)
    # "processing": a part not decided yet.
    pending = view["status"] == "processing"
    return submitted(view, created, pending=pending, location=f"/v1/bundles/{view['bundle_id']}")


@router.get(
    "/{bundle_id}",
    summary="The bundle as it stands: every part's case, status and reasons",
    **answers(BundleView, 404, *PROTECTED),
)
def get_bundle(bundle_id: str, service: ServiceDep, principal: ReaderDep) -> dict:
    if principal.role != "portal" and not principal.can("reviewer"):
        raise ApiError(403, "forbidden", f"this needs a portal or reviewer token; yours is {principal.role}")
    return use_cases.bundle_view(service, bundle_id, principal)
