"""一件事 bundles: ``POST /v1/bundles`` (one submission for several matters) and
``GET /v1/bundles/{bundle_id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.bundle_schemas import BundleView, bundle_submission_body
from api.deps import PortalDep, ReaderDep, ServiceDep
from api.errors import ApiError
from api.openapi import PROTECTED, answers, errors
from api.submission_body import read_submission
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
    body, documents = await read_submission(request, service.settings)
    if idempotency_key is not None and not idempotency_key.strip():
        raise ApiError(422, "invalid_idempotency_key", "Idempotency-Key must not be blank")
    view, created = await run_in_threadpool(
        use_cases.submit_bundle, service, principal, body, documents, idempotency_key
    )
    if created and view["status"] == "processing":
        # Not every part decided within answer_within_seconds: they follow at the bundle's URL.
        return JSONResponse(
            status_code=202, content=view, headers={"Location": f"/v1/bundles/{view['bundle_id']}"}
        )
    return JSONResponse(status_code=201 if created else 200, content=view)


@router.get(
    "/{bundle_id}",
    summary="The bundle as it stands: every part's case, status and reasons",
    **answers(BundleView, 404, *PROTECTED),
)
def get_bundle(bundle_id: str, service: ServiceDep, principal: ReaderDep) -> dict:
    if principal.role != "portal" and not principal.can("reviewer"):
        raise ApiError(403, "forbidden", f"this needs a portal or reviewer token; yours is {principal.role}")
    return use_cases.bundle_view(service, bundle_id, principal)
