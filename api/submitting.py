"""What every submitting route does (a case, a bundle): read the body within its limits, check
the Idempotency-Key, store and decide in a worker thread, and answer 201, 200 (a replay) or 202
(stored, still being decided: the answer follows at ``Location``)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.errors import ApiError
from api.submission_body import read_submission
from approval.service import ApprovalService
from approval.tokens import Principal


async def submit(request: Request, service: ApprovalService, principal: Principal,
                 idempotency_key: str | None, use_case: Callable[..., tuple[dict, bool]]
                 ) -> tuple[dict, bool]:  # fmt: skip
    body, documents = await read_submission(request, service.settings)
    if idempotency_key is not None and not idempotency_key.strip():
        raise ApiError(422, "invalid_idempotency_key", "Idempotency-Key must not be blank")
    return await run_in_threadpool(use_case, service, principal, body, documents, idempotency_key)


def submitted(view: dict, created: bool, *, pending: bool, location: str) -> JSONResponse:
    if created and pending:
        # Not decided within answer_within_seconds: the decision follows at its URL.
        return JSONResponse(status_code=202, content=view, headers={"Location": location})
    return JSONResponse(status_code=201 if created else 200, content=view)
