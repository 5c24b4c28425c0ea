"""Turns a POST body (JSON, or multipart with a ``submission`` part and file parts) into
the submission dict and its uploaded documents."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from api.errors import ApiError
from approval.persistence.case_store import UploadedDocument


async def read_submission(request: Request, max_bytes: int) -> tuple[Any, list[UploadedDocument]]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        return await _multipart(request, max_bytes)
    if content_type.startswith("application/json") or not content_type:
        raw = await request.body()
        return parse_json(raw or b"null", "the body"), []
    raise ApiError(
        415,
        "unsupported_media_type",
        "send application/json, or multipart/form-data with a 'submission' part",
    )


def parse_json(raw: bytes | str, where: str) -> Any:
    """Strict JSON: no NaN/Infinity (PostgreSQL's JSON and our answers cannot hold them) and no
    NUL characters (PostgreSQL text cannot hold them), refused before anything is stored."""
    try:
        body = json.loads(raw, parse_constant=_refuse_constant)
    except _NonFiniteNumber as exc:
        raise ApiError(422, "invalid_number", f"{where} contains {exc}; JSON numbers must be finite") from exc
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError) as exc:
        raise ApiError(400, "invalid_json", f"{where} is not valid JSON: {exc}") from exc
    if _holds_nul(body):
        raise ApiError(422, "invalid_character", f"{where} contains a NUL character (\\u0000)")
    return body


class _NonFiniteNumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NonFiniteNumber(name)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


async def _multipart(request: Request, max_bytes: int) -> tuple[Any, list[UploadedDocument]]:
    try:
        form = await request.form(max_part_size=max_bytes)
    except Exception as exc:  # noqa: BLE001 - any parser failure is the client's malformed body
        raise ApiError(400, "invalid_multipart", f"could not parse the multipart body: {exc}") from exc
    submission_part = form.get("submission")
    if submission_part is None:
        raise ApiError(422, "missing_submission", "multipart body needs a 'submission' part (JSON)")
    raw = await submission_part.read() if isinstance(submission_part, UploadFile) else submission_part
    body = parse_json(raw, "the 'submission' part")
    documents = []
    for part, value in form.multi_items():
        if part == "submission":
            continue
        if not isinstance(value, UploadFile):
            raise ApiError(422, "invalid_material", f"part {part!r} must be a file upload")
        data = await value.read()
        if len(data) > max_bytes:
            raise ApiError(413, "material_too_large", f"material {part!r} exceeds {max_bytes} bytes")
        if any(d.part == part for d in documents):
            raise ApiError(422, "duplicate_material", f"material {part!r} was sent twice")
        documents.append(
            UploadedDocument(
                part=part,
                filename=(value.filename or "").replace("\x00", ""),
                media_type=value.content_type or "",
                data=data,
            )
        )
    return body, documents
