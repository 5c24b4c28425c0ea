from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.deps import PortalDep, ReaderDep, ServiceDep
from api.openapi import PROTECTED, answers, errors, submission_body
from api.params import Moment
from api.schemas import CaseView, ChangedCases, WebhookSecret
from api.submission_body import read_submission
from api.submitting import submit, submitted
from approval import use_cases

router = APIRouter(prefix="/v1/cases", tags=["cases"])
DOCUMENT_TYPES = ("image/jpeg", "image/png", "application/pdf", "application/octet-stream")


# The same case view whether it was decided at once (201), is still being decided (202) or is the
# answer to a retry with the same Idempotency-Key (200).
_SUBMITTED = {
    200: {"model": CaseView, "description": "A retry with the same Idempotency-Key: the case as it stands"},
    202: {"model": CaseView, "description": "Stored, still being decided: poll the Location"},
}


@router.post(
    "",
    status_code=201,
    summary="Submit a case (JSON or multipart with materials)",
    response_model=CaseView,
    responses={**_SUBMITTED, **errors(400, 409, 413, 415, 422, *PROTECTED)},
    openapi_extra=submission_body("The application"),
)
async def submit_case(
    request: Request,
    service: ServiceDep,
    principal: PortalDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    view, created = await submit(request, service, principal, idempotency_key, use_cases.submit_case)
    pending = view["status"] in ("received", "processing")
    return submitted(view, created, pending=pending, location=f"/v1/cases/{view['case_id']}")


@router.get(
    "",
    summary="The portal's own cases (changed after a time), least recently changed first",
    **answers(ChangedCases, 422, *PROTECTED),
)
def changed_cases(
    service: ServiceDep,
    principal: PortalDep,
    changed_since: Annotated[
        Moment | None, Query(description="ISO 8601 with its zone; the last changed_at seen (default: all)")
    ] = None,
    limit: int = Query(default=100, ge=1, le=500),
    offset: int = Query(default=0, ge=0, le=1_000_000),
) -> dict:
    since = changed_since or datetime(1970, 1, 1, tzinfo=UTC)
    since = since if since.tzinfo else since.replace(tzinfo=UTC)
    return use_cases.changed_cases(service, principal, since, limit, offset)


@router.post(
    "/{case_id}/resubmission",
    summary="Send a returned case back corrected (补正); decided again",
    response_model=CaseView,
    responses={202: _SUBMITTED[202], **errors(400, 404, 409, 413, 415, 422, *PROTECTED)},
    openapi_extra=submission_body("The corrected application (materials given replace those parts)"),
)
async def resubmit_case(
    case_id: str, request: Request, service: ServiceDep, principal: PortalDep
) -> JSONResponse:
    body, documents = await read_submission(request, service.settings)
    view = await run_in_threadpool(use_cases.resubmit_case, service, principal, case_id, body, documents)
    if view["status"] in ("received", "processing"):
        return JSONResponse(status_code=202, content=view, headers={"Location": f"/v1/cases/{case_id}"})
    return JSONResponse(status_code=200, content=view)


@router.get(
    "/{case_id}",
    summary="The case as it stands, with its history",
    **answers(CaseView, 404, *PROTECTED),
)
def get_case(case_id: str, service: ServiceDep, principal: ReaderDep) -> dict:
    return use_cases.case_for(service, principal, case_id)


@router.get(
    "/{case_id}/documents/{part}",
    summary="A document as uploaded (the submitting portal and reviewers; never cached)",
    response_class=Response,
    responses={
        200: {
            "description": "The document's bytes, as what they are (sniffed, not as uploaded)",
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in DOCUMENT_TYPES},
        },
        **errors(404, 410, *PROTECTED),
    },
)
def get_document(case_id: str, part: str, service: ServiceDep, principal: ReaderDep) -> Response:
    data, media_type = use_cases.document_for(service, principal, case_id, part)
    # Identity documents: no copy in any cache, and the browser shows them as what they are.
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    return Response(content=data, media_type=media_type, headers=headers)


class Webhook(BaseModel):
    url: str = Field(max_length=2000, description="where status changes are POSTed")


webhook_router = APIRouter(prefix="/v1/webhook", tags=["cases"])


@webhook_router.put(
    "",
    summary="Register the portal's webhook; answers its signing secret (shown once)",
    **answers(WebhookSecret, 400, 422, *PROTECTED),
)
def register_webhook(webhook: Webhook, service: ServiceDep, principal: PortalDep) -> dict:
    return use_cases.register_webhook(service, principal, webhook.url)
