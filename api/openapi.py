"""What the OpenAPI document says beyond what FastAPI infers: the error answers of each
operation (in our envelope), the submission bodies read by hand (JSON or multipart), and no
trace of FastAPI's own ``{"detail": …}`` 422, which this service never answers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from api.schemas import ErrorEnvelope, Submission

ERROR_MEANINGS = {
    400: "The request cannot be read: not JSON, a malformed multipart body, bytes that are not UTF-8 "
    "text, or JSON beyond what the service reads (NaN, a number out of range, nesting too deep)",
    401: "No bearer token, or an unknown one (unauthenticated), an expired one (token_expired) or a revoked "
    "one (token_revoked)",
    403: "The token's role may not do this",
    404: "No such resource, or not one this caller may know of",
    409: "Conflicts with the resource's state (a task someone else holds, a reused Idempotency-Key, "
    "a case that is not returned)",
    410: "It was there and was deleted for good (a document past the retention period, a revoked "
    "registration's licence)",
    413: "A material or the body is larger than the service takes",
    414: "The URL is longer than the service takes",
    415: "Neither JSON nor multipart, or a material that is not a JPEG, PNG or PDF file",
    422: "Read, but not valid: each fault is in errors[], with its path and what to fix",
    429: "Too many requests from this address: Retry-After says when to try again",
    503: "The database is unavailable (retry; Retry-After says when) or the service is starting",
}
PROTECTED = (401, 403, 503)
# What api/guard.py refuses before any route sees the request (a NUL byte in a header, a body or
# URL over its limit, a NUL character in the query or a JSON body): any operation can answer these.
ANY_REQUEST = (400, 413, 414, 422)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status it can answer with, in the error envelope."""
    return {s: {"model": ErrorEnvelope, "description": ERROR_MEANINGS[s]} for s in sorted(set(statuses))}


def answers(model: type[BaseModel], *statuses: int) -> dict[str, Any]:
    """Route keywords: the model of its success answer (keys the service leaves out stay out)
    and each error status it can answer."""
    return {"response_model": model, "response_model_exclude_unset": True, "responses": errors(*statuses)}


_SUBMISSION_REF = {"$ref": "#/components/schemas/Submission"}
_FILE = {"type": "string", "format": "binary", "description": "JPEG, PNG or PDF"}
# The parts each matter takes (rules/matters/*.yaml, ``materials``); GET /v1/matters/{code} is the
# authority, and a part a matter does not take is refused (422) naming the ones it does.
MATERIAL_PARTS = (
    "id_card_front",
    "id_card_back",
    "business_licence",
    "legal_representative_id_card_front",
    "legal_representative_id_card_back",
)


def submission_body(what: str) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads a submission itself (``api/submission_body.py``)."""
    multipart = {
        "type": "object",
        "required": ["submission"],
        "properties": {
            "submission": {**_SUBMISSION_REF, "description": f"{what}, as JSON"},
            **{part: _FILE for part in MATERIAL_PARTS},
        },
        "patternProperties": {"^shareholder_[1-9][0-9]*_id_card_(front|back)$": _FILE},
        "additionalProperties": False,
    }
    materials = {part: {"contentType": "image/jpeg, image/png, application/pdf"} for part in MATERIAL_PARTS}
    return {
        "requestBody": {
            "required": True,
            "description": f"{what}: JSON alone, or multipart/form-data with a `submission` part (JSON) "
            "and one file part per material, named as the matter's `materials` name it "
            "(`shareholder_{n}_id_card_front` for the n-th shareholder of a company).",
            "content": {
                "application/json": {"schema": _SUBMISSION_REF},
                "multipart/form-data": {
                    "schema": multipart,
                    "example": {"submission": Submission.model_config["json_schema_extra"]["examples"][0]},
                    "encoding": {"submission": {"contentType": "application/json"}, **materials},
                },
            },
        }
    }


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)  # fmt: skip
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            submission = Submission.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(submission.pop("$defs", {}))
            components["Submission"] = submission
            _drop_default_validation_error(schema)
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for status, answer in errors(*ANY_REQUEST).items():
                        operation["responses"].setdefault(str(status), _documented(answer))
                    _errors_as_json(operation)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _documented(answer: dict[str, Any]) -> dict[str, Any]:
    """A ``responses=`` entry as it reads in the document (the model as a reference)."""
    ref = {"$ref": f"#/components/schemas/{answer['model'].__name__}"}
    return {"description": answer["description"], "content": {"application/json": {"schema": ref}}}


def _errors_as_json(operation: dict[str, Any]) -> None:
    """An HTML route's errors are JSON all the same (FastAPI files them under the route's type)."""
    for status, answer in operation["responses"].items():
        content = answer.get("content", {})
        if (
            status.startswith(("4", "5"))
            and "ErrorEnvelope" in str(content)
            and "application/json" not in content
        ):
            answer["content"] = {"application/json": next(iter(content.values()))}


def _drop_default_validation_error(schema: dict[str, Any]) -> None:
    """FastAPI documents a ``{"detail": …}`` 422 for any operation with parameters; errors here
    leave in the envelope, and each operation that can answer 422 says so itself."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            answer = operation.get("responses", {}).get("422")
            if answer and "HTTPValidationError" in str(answer):
                del operation["responses"]["422"]
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
