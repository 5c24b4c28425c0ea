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
        try:
            return json.loads(raw or b"null"), []
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from exc
    raise ApiError(
        415,
        "unsupported_media_type",
        "send application/json, or multipart/form-data with a 'submission' part",
    )


async def _multipart(request: Request, max_bytes: int) -> tuple[Any, list[UploadedDocument]]:
    try:
        form = await request.form(max_part_size=max_bytes)
    except Exception as exc:  # noqa: BLE001 - any parser failure is the client's malformed body
        raise ApiError(400, "invalid_multipart", f"could not parse the multipart body: {exc}") from exc
    submission_part = form.get("submission")
    if submission_part is None:
        raise ApiError(422, "missing_submission", "multipart body needs a 'submission' part (JSON)")
    raw = (
        await submission_part.read() if isinstance(submission_part, UploadFile) else submission_part
    )
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError) as exc:
        raise ApiError(400, "invalid_json", f"the 'submission' part is not valid JSON: {exc}") from exc
    documents = []
    for part, value in form.multi_items():
        if part == "submission":
            continue
        if not isinstance(value, UploadFile):
            raise ApiError(422, "invalid_material", f"part {part!r} must be a file upload")
        data = await value.read()
        if len(data) > max_bytes:
            raise ApiError(
                413, "material_too_large", f"material {part!r} exceeds {max_bytes} bytes"
            )
        if any(d.part == part for d in documents):
            raise ApiError(422, "duplicate_material", f"material {part!r} was sent twice")
        documents.append(
            UploadedDocument(
                part=part,
                filename=value.filename or "",
                media_type=value.content_type or "",
                data=data,
            )
        )
    return body, documents
