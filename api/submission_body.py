"""Turns a POST body (JSON, or multipart with a ``submission`` part and file parts) into
the submission dict and its uploaded documents, within the limits of the settings (each
refused while it is read, by name: README "Limits on input")."""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.errors import ApiError
from api.guard import Refused, nul_in, over_limit
from approval.persistence.case_store import UploadedDocument
from approval.settings import Settings


async def read_submission(request: Request, limits: Settings) -> tuple[Any, list[UploadedDocument]]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        return await _multipart(request, limits)
    if content_type.startswith("application/json") or not content_type:
        raw = await request.body()  # at most max_json_bytes: api/guard.py counted it
        return parse_json(raw or b"null", "the body", limits), []
    raise ApiError(
        415,
        "unsupported_media_type",
        "send application/json, or multipart/form-data with a 'submission' part",
    )


def parse_json(raw: bytes | str, where: str, limits: Settings) -> Any:
    """Strict JSON: no NaN/Infinity or numbers out of range (PostgreSQL's JSON and our answers
    cannot hold them), no NUL characters or lone surrogates (PostgreSQL text and UTF-8 cannot
    hold them), nesting, numbers and strings within the limits; refused before anything is stored."""
    digits = limits.max_number_digits

    def finite_float(text: str) -> float:
        value = float(text)
        if len(text) > digits + 10 or not math.isfinite(value):
            raise _BadNumber(f"the number {text[:20]}…" if len(text) > 20 else f"the number {text}")
        return value

    def bounded_int(text: str) -> int:
        if len(text.lstrip("-")) > digits:
            raise _BadNumber(f"a number of {len(text)} digits (at most {digits}: APPROVAL_MAX_NUMBER_DIGITS)")
        return int(text)

    try:
        body = json.loads(
            raw, parse_constant=_refuse_constant, parse_float=finite_float, parse_int=bounded_int
        )
    except _BadNumber as exc:
        raise ApiError(422, "invalid_number", f"{where} contains {exc}; JSON numbers must be finite") from exc
    except RecursionError as exc:  # deeper than the parser can go: refused for depth, like any too deep
        raise ApiError(422, "too_deep", f"{where} is nested too deep to read") from exc
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError) as exc:
        raise ApiError(400, "invalid_json", f"{where} is not valid JSON: {type(exc).__name__}") from exc
    _check_values(body, where, limits)
    return body


class _BadNumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _BadNumber(name)


def _check_values(body: Any, where: str, limits: Settings) -> None:
    """Walks the value without recursion (a deep body cannot exhaust the stack)."""
    todo: list[tuple[Any, tuple]] = [(body, ())]
    while todo:
        value, path = todo.pop()
        if len(path) > limits.max_json_depth:
            raise over_limit("too_deep", f"the nesting of {where}", limits.max_json_depth,
                             "APPROVAL_MAX_JSON_DEPTH", list(path), 422)  # fmt: skip
        if isinstance(value, str):
            if "\x00" in value:
                raise ApiError(422, "invalid_character", f"{where} contains a NUL character (\\u0000)")
            if any("\ud800" <= ch <= "\udfff" for ch in value):
                message = f"{where} contains a lone surrogate (an invalid \\ud800-\\udfff escape)"
                raise ApiError(422, "invalid_character", message)
            if len(value) > limits.max_string_chars:
                raise over_limit("string_too_long", f"a text's length in {where}", limits.max_string_chars,
                                 "APPROVAL_MAX_STRING_CHARS", list(path), 422)  # fmt: skip
        elif isinstance(value, dict):
            todo.extend((k, path) for k in value)  # a key is checked as the string it is
            todo.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            todo.extend((v, (*path, i)) for i, v in enumerate(value))


class _BoundedParser(MultiPartParser):
    """Starlette's multipart parser (files spooled to disk past 1 MB), refusing while it reads:
    more parts than ``max_parts``, a file over ``max_upload_bytes``, a submission part over
    ``max_json_bytes``, and a NUL character in a part's headers (its name, file name or type)."""

    def __init__(self, request: Request, limits: Settings) -> None:
        most = limits.max_parts
        super().__init__(request.headers, request.stream(), max_files=most, max_fields=most,
                         max_part_size=limits.max_json_bytes)  # fmt: skip
        self.limits, self.parts, self.part_bytes = limits, 0, 0

    def on_part_begin(self) -> None:
        super().on_part_begin()
        self.parts += 1
        self.part_bytes = 0
        if self.parts > self.limits.max_parts:
            raise over_limit("too_many_parts", "the number of parts", self.limits.max_parts,
                             "APPROVAL_MAX_PARTS", ["body"])  # fmt: skip

    def on_headers_finished(self) -> None:
        for name, value in self._current_part.item_headers:
            if b"\x00" in name or b"\x00" in value:
                raise nul_in(["part", "header", name.decode("latin-1").replace("\x00", "")])
        super().on_headers_finished()
        file = self._current_part.file
        if "\x00" in self._current_part.field_name or (file is not None and "\x00" in (file.filename or "")):
            raise nul_in(["part", "name"])

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self.part_bytes += end - start
        name = self._current_part.field_name
        if name == "submission":
            if self.part_bytes > self.limits.max_json_bytes:
                raise over_limit("body_too_large", "the 'submission' part", self.limits.max_json_bytes,
                                 "APPROVAL_MAX_JSON_BYTES", ["submission"])  # fmt: skip
        elif self.part_bytes > self.limits.max_upload_bytes:
            raise over_limit("material_too_large", f"material {name!r}", self.limits.max_upload_bytes,
                             "APPROVAL_MAX_UPLOAD_BYTES", ["files", name])  # fmt: skip
        super().on_part_data(data, start, end)


async def _multipart(request: Request, limits: Settings) -> tuple[Any, list[UploadedDocument]]:
    try:
        form = await _BoundedParser(request, limits).parse()
    except Refused:
        raise
    except MultiPartException as exc:
        raise ApiError(
            400, "invalid_multipart", f"could not parse the multipart body: {exc.message}"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any other parser failure is the client's malformed body
        raise ApiError(400, "invalid_multipart", f"could not parse the multipart body: {exc}") from exc
    try:
        return await _submission_and_documents(form, limits)
    finally:
        await form.close()


async def _submission_and_documents(form: FormData, limits: Settings) -> tuple[Any, list[UploadedDocument]]:
    submission_part = form.get("submission")
    if submission_part is None:
        raise ApiError(422, "missing_submission", "multipart body needs a 'submission' part (JSON)")
    raw = await submission_part.read() if isinstance(submission_part, UploadFile) else submission_part
    body = parse_json(raw, "the 'submission' part", limits)
    documents = []
    for part, value in form.multi_items():
        if part == "submission":
            continue
        if not isinstance(value, UploadFile):
            raise ApiError(422, "invalid_material", f"part {part!r} must be a file upload")
        if any(d.part == part for d in documents):
            raise ApiError(422, "duplicate_material", f"material {part!r} was sent twice")
        documents.append(
            UploadedDocument(
                part=part, filename=value.filename or "", media_type=value.content_type or "",
                data=await value.read(),
            )
        )  # fmt: skip
    return body, documents
