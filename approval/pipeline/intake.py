"""Intake: is this a submission we can take at all (4xx if not), and are its form fields
well-formed (reasons to return if not)?"""

from __future__ import annotations

from typing import Any

from approval.pipeline.case_file import CaseFile
from approval.pipeline.form_check import form_errors
from approval.pipeline.reasons import reason


class SubmissionError(ValueError):
    """The request itself is unusable; nothing is stored. ``errors`` follow pydantic's shape;
    ``code`` says what kind of fault it is (the API chooses the HTTP status from it)."""

    INVALID = "invalid_submission"
    UNSUPPORTED_MEDIA = "unsupported_media_type"
    IMAGE_TOO_LARGE = "image_too_large"
    PDF_TOO_MANY_PAGES = "pdf_too_many_pages"

    def __init__(self, message: str, errors: list[dict] | None = None, code: str = INVALID) -> None:
        super().__init__(message)
        self.errors = errors or []
        self.code = code


APPLICANT_LABELS = {"name": "申请人姓名", "id_number": "申请人身份证号码"}


def check_envelope(body: Any, known_matters: dict) -> str:
    """Validate the envelope; returns the matter code."""
    if not isinstance(body, dict):
        raise SubmissionError("submission must be a JSON object")
    errors: list[dict] = []
    matter = body.get("matter")
    if not isinstance(matter, str) or not matter:
        errors.append(
            _err(["matter"], "missing", "matter is required (a matter code)", "请选择要办理的事项。")
        )
    elif matter not in known_matters:
        errors.append(
            _err(
                ["matter"],
                "unknown_matter",
                f"unknown matter {matter!r}; known: {', '.join(sorted(known_matters))}",
                f"没有“{matter}”这一事项；可办理的事项为：{'、'.join(sorted(known_matters))}。",
            )
        )
    applicant = body.get("applicant")
    if not isinstance(applicant, dict):
        errors.append(_err(["applicant"], "missing", "applicant must be an object", "请填写申请人信息。"))
    else:
        for key in ("name", "id_number"):
            if not isinstance(applicant.get(key), str) or not applicant.get(key, "").strip():
                errors.append(_err(["applicant", key], "missing", f"applicant.{key} is required",
                                   f"请填写{APPLICANT_LABELS[key]}。"))  # fmt: skip
    if not isinstance(body.get("form", {}), dict):
        errors.append(_err(["form"], "type", "form must be an object", "表单格式不正确。"))
    if not isinstance(body.get("declarations", {}), dict):
        errors.append(
            _err(["declarations"], "type", "declarations must be an object", "承诺声明格式不正确。")
        )
    if errors:
        raise SubmissionError("the submission is not valid", errors)
    return matter


def run(case: CaseFile) -> CaseFile:
    for error in form_errors(case.matter, case.submission.get("form") or {}):
        case.add(
            reason(
                "form.invalid", field=error["field"], source="form",
                message=error["message"], message_en=error["message_en"],
            )
        )  # fmt: skip
    return case


def _err(loc: list, kind: str, msg: str, message: str) -> dict:
    """``msg`` for the portal's developers; ``message`` for the applicant, in their words."""
    return {"loc": loc, "field": ".".join(loc), "type": kind, "msg": msg, "message": message}
