"""Every error leaves as JSON: ``{"error": {"code", "message", "errors": [...]}}``."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.error_items import complete
from api.html import back_to_queue, page
from api.page_text import words_for
from approval.errors import (
    ClaimConflict,
    Forbidden,
    Gone,
    IdempotencyConflict,
    NotFound,
    NotReturned,
    RatingRefused,
    SubmissionError,
)


def error_response(status: int, code: str, message: str, errors: list | None = None) -> JSONResponse:
    body: dict = {"error": {"code": code, "message": message}}
    if errors:
        body["error"]["errors"] = complete(errors)
    return JSONResponse(status_code=status, content=body)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, errors: list | None = None,
                 headers: dict[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors
        self.headers = headers or {}


def answer_for(request: Request, status: int, code: str, message: str, errors: list | None = None
               ) -> Response:  # fmt: skip
    """JSON for programs; for the reviewer pages in a browser, a page (or the sign-in page)."""
    if not request.url.path.startswith("/review"):
        return error_response(status, code, message, errors)
    if status == 401:
        return RedirectResponse("/review/login", status_code=303)
    words = words_for(request)
    text = words.get(f"error.{status}", words("error"))
    return page(text, f"<p>{escape(message)}</p>{back_to_queue(words)}", status, words)


# The domain names the kind of fault; HTTP is decided here.
SUBMISSION_STATUS = {
    SubmissionError.INVALID: 422,
    SubmissionError.UNSUPPORTED_MEDIA: 415,
    SubmissionError.IMAGE_TOO_LARGE: 413,
    SubmissionError.PDF_TOO_MANY_PAGES: 413,
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        response = answer_for(request, exc.status, exc.code, exc.message, exc.errors)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(SubmissionError)
    async def _submission(request: Request, exc: SubmissionError) -> Response:
        status = SUBMISSION_STATUS.get(exc.code, 422)
        return answer_for(request, status, exc.code, str(exc), exc.errors)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return answer_for(request, 404, "not_found", f"no such resource: {exc}")

    @app.exception_handler(Gone)
    async def _gone(request: Request, exc: Gone) -> Response:
        return answer_for(request, 410, "gone", "this document was deleted when the case's retention period "
                              "ended; the decision and what was read from it are kept")  # fmt: skip

    @app.exception_handler(ClaimConflict)
    async def _conflict(request: Request, exc: ClaimConflict) -> Response:
        return answer_for(
            request, 409, "conflict", f"task {exc} is claimed by another reviewer or no longer open"
        )

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return answer_for(request, 403, "forbidden", str(exc))

    @app.exception_handler(RatingRefused)
    async def _rating(request: Request, exc: RatingRefused) -> Response:
        return answer_for(request, 422 if exc.code == "note_required" else 409, exc.code, str(exc))

    @app.exception_handler(NotReturned)
    async def _not_returned(request: Request, exc: NotReturned) -> Response:
        return answer_for(request, 409, "not_returned", "only a case returned to the applicant, for the same "
                              "matter, can be resubmitted")  # fmt: skip

    @app.exception_handler(IdempotencyConflict)
    async def _idem(request: Request, exc: IdempotencyConflict) -> Response:
        return answer_for(
            request,
            409,
            "idempotency_key_reused",
            f"this Idempotency-Key was already used for case {exc} with a different submission",
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", [])), "type": e.get("type"), "msg": e.get("msg")} for e in exc.errors()
        ]
        if any(e["type"] == "json_invalid" for e in errors):
            # 400: the body cannot be read at all; 422 is for what was read and is not valid.
            return answer_for(request, 400, "invalid_json", "the body is not valid JSON", errors)
        return answer_for(request, 422, "invalid_request", "the request is not valid", errors)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> Response:
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            # The database went away (a restart, a failover): nothing was half-stored, since every
            # write is one transaction; the client retries, with its idempotency key if it sent one.
            response = answer_for(request, 503, "database_unavailable", "the database is unavailable; retry")
            response.headers["Retry-After"] = "1"
            return response
        if isinstance(exc, DataError):
            # A value the database cannot hold that got past the checks at the edge (api/guard.py):
            # the client's, and its transaction was rolled back. The values are never echoed.
            message = "the request holds a value that cannot be stored"
            return answer_for(request, 422, "invalid_value", message)
        raise exc

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return answer_for(request, exc.status_code, "http_error", str(exc.detail))
