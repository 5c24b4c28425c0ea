from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from api.deps import AnyRoleDep, AuthorDep, ServiceDep
from api.openapi import PROTECTED, answers, submission_body
from api.schemas import DryRun, MatterCatalogue, MatterDetail
from api.submission_body import read_submission
from approval import use_cases
from approval.working_days import applied_on

router = APIRouter(prefix="/v1", tags=["rule authors"])


@router.get("/matters", summary="The matter catalogue", **answers(MatterCatalogue, 401, 503))
def list_matters(service: ServiceDep, _: AnyRoleDep) -> dict:
    return {"matters": use_cases.matter_summaries(service), "ruleset": service.rulebook_info()}


@router.get(
    "/matters/{code}",
    summary="One matter: materials, form schema, time limits, rules",
    **answers(MatterDetail, 401, 404, 503),
)
def get_matter(code: str, service: ServiceDep, _: AnyRoleDep) -> dict:
    return use_cases.matter_detail(service, code)


@router.post(
    "/rules/dry-run",
    summary="Decide a submission without storing it; full trace",
    **answers(DryRun, 400, 413, 415, 422, *PROTECTED),
    openapi_extra=submission_body("The application to try"),
)
async def dry_run(
    request: Request,
    service: ServiceDep,
    _: AuthorDep,
    as_of: Annotated[date | None, Query(description="judge as if applied for on this date (China)")] = None,
) -> dict:
    body, documents = await read_submission(request, service.settings)
    received_at = applied_on(as_of) if as_of is not None else None
    return await run_in_threadpool(use_cases.dry_run, service, body, documents, received_at)
