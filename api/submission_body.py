"""Turns a POST body (JSON, or multipart with a ``submission`` part and file parts) into
the submission dict and its uploaded documents."""

from __future__ import annotations

import json
import math
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


# Deeper than any submission is: a body nested further is an attack, not an application.
MAX_DEPTH = 32
# Longer than any number a form holds (capital in yuan, counts): refused before Python parses it.
MAX_NUMBER_DIGITS = 30


def parse_json(raw: bytes | str, where: str) -> Any:
    """Strict JSON: no NaN/Infinity or numbers out of range (PostgreSQL's JSON and our answers
    cannot hold them), no NUL characters or lone surrogates (PostgreSQL text and UTF-8 cannot
    hold them), nesting at most ``MAX_DEPTH``; refused before anything is stored."""
    try:
        body = json.loads(
            raw, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_bounded_int
        )
    except _BadNumber as exc:
        raise ApiError(422, "invalid_number", f"{where} contains {exc}; JSON numbers must be finite") from exc
    except RecursionError as exc:  # deeper than the parser can go: refused for depth, like any too deep
        raise ApiError(422, "too_deep", f"{where} is nested too deep to read") from exc
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError) as exc:
        raise ApiError(400, "invalid_json", f"{where} is not valid JSON: {type(exc).__name__}") from exc
    problem = _first_problem(body)
    if problem is not None:
        code, message = problem
        raise ApiError(422, code, f"{where} {message}")
    return body


class _BadNumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _BadNumber(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if len(text) > MAX_NUMBER_DIGITS + 10 or not math.isfinite(value):
        raise _BadNumber(f"the number {text[:20]}…" if len(text) > 20 else f"the number {text}")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _BadNumber(f"a number of {len(text)} digits")
    return int(text)


def _first_problem(body: Any) -> tuple[str, str] | None:
    """Walks the value without recursion (a deep body cannot exhaust the stack)."""
    todo: list[tuple[Any, int]] = [(body, 0)]
    while todo:
        value, depth = todo.pop()
        if depth > MAX_DEPTH:
            return "too_deep", f"is nested more than {MAX_DEPTH} levels deep"
        if isinstance(value, str):
            if "\x00" in value:
                return "invalid_character", "contains a NUL character (\\u0000)"
            if any("\ud800" <= ch <= "\udfff" for ch in value):
                return "invalid_character", "contains a lone surrogate (an invalid \\ud800-\\udfff escape)"
        elif isinstance(value, dict):
            todo.extend((k, depth + 1) for k in value)
            todo.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value)
    return None


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
