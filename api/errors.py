"""Every error leaves as JSON: ``{"error": {"code", "message", "errors": [...]}}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from approval.errors import (
    ClaimConflict,
    Forbidden,
    IdempotencyConflict,
    NotFound,
    NotReturned,
    SubmissionError,
)


def error_response(status: int, code: str, message: str, errors: list | None = None) -> JSONResponse:
    body: dict = {"error": {"code": code, "message": message}}
    if errors:
        body["error"]["errors"] = errors
    return JSONResponse(status_code=status, content=body)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, errors: list | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


# The domain names the kind of fault; HTTP is decided here.
SUBMISSION_STATUS = {SubmissionError.INVALID: 422, SubmissionError.UNSUPPORTED_MEDIA: 415}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.errors)

    @app.exception_handler(SubmissionError)
    async def _submission(_: Request, exc: SubmissionError) -> JSONResponse:
        status = SUBMISSION_STATUS.get(exc.code, 422)
        return error_response(status, exc.code, str(exc), exc.errors)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return error_response(404, "not_found", f"no such resource: {exc}")

    @app.exception_handler(ClaimConflict)
    async def _conflict(_: Request, exc: ClaimConflict) -> JSONResponse:
        return error_response(409, "conflict", f"task {exc} is claimed by another reviewer or no longer open")

    @app.exception_handler(Forbidden)
    async def _forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return error_response(403, "forbidden", str(exc))

    @app.exception_handler(NotReturned)
    async def _not_returned(_: Request, exc: NotReturned) -> JSONResponse:
        return error_response(409, "not_returned", "only a case returned to the applicant, for the same "
                              "matter, can be resubmitted")  # fmt: skip

    @app.exception_handler(IdempotencyConflict)
    async def _idem(_: Request, exc: IdempotencyConflict) -> JSONResponse:
        return error_response(
            409,
            "idempotency_key_reused",
            f"this Idempotency-Key was already used for case {exc} with a different submission",
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", [])), "type": e.get("type"), "msg": e.get("msg")} for e in exc.errors()
        ]
        return error_response(422, "invalid_request", "the request is not valid", errors)

    @app.exception_handler(DBAPIError)
    async def _database(_: Request, exc: DBAPIError) -> JSONResponse:
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            # The database went away (a restart, a failover): nothing was half-stored, since every
            # write is one transaction; the client retries, with its idempotency key if it sent one.
            response = error_response(503, "database_unavailable", "the database is unavailable; retry")
            response.headers["Retry-After"] = "1"
            return response
        raise exc

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, "http_error", str(exc.detail))
