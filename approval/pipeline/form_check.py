"""Form validation against the matter's form schema (a JSON Schema built from the rule file).

Every error names the field path (``form.business_scope[1]``) and says, in Chinese and
English, what to fix.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import jsonschema


def _schema_of(matter: Any) -> dict:
    builder = getattr(matter, "form_json_schema", None)
    return builder() if callable(builder) else dict(matter.form)


@lru_cache(maxsize=64)
def _validator(schema_json: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_json))


def _path(error: jsonschema.ValidationError) -> str:
    text = "form"
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _describe(error: jsonschema.ValidationError) -> tuple[str, str, str]:
    field = _path(error)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        field = f"{field}.{missing}"
        return field, f"请填写{field}。", f"{field} is required."
    if kind == "enum":
        allowed = "、".join(str(v) for v in error.validator_value)
        return field, f"{field} 只能是：{allowed}。", f"{field} must be one of: {allowed}."
    if kind == "type":
        expected = error.validator_value
        return field, f"{field} 的类型应为 {expected}。", f"{field} must be of type {expected}."
    if kind in ("minimum", "exclusiveMinimum"):
        return (
            field,
            f"{field} 不能小于 {error.validator_value}。",
            f"{field} is below the minimum {error.validator_value}.",
        )
    if kind in ("maximum", "exclusiveMaximum"):
        return (
            field,
            f"{field} 不能大于 {error.validator_value}。",
            f"{field} is above the maximum {error.validator_value}.",
        )
    if kind == "minItems":
        return (
            field,
            f"{field} 至少需要 {error.validator_value} 项。",
            f"{field} needs at least {error.validator_value} item(s).",
        )
    if kind in ("minLength", "pattern", "maxLength", "format"):
        return field, f"{field} 格式不正确。", f"{field} is not in the expected format ({error.message})."
    if kind == "additionalProperties":
        return (
            field,
            f"表单含有未定义的字段：{error.message}",
            f"The form has unknown fields: {error.message}",
        )
    return field, f"{field}：{error.message}", f"{field}: {error.message}"


def form_errors(matter: Any, form: dict) -> list[dict]:
    schema = _schema_of(matter)
    validator = _validator(json.dumps(schema, sort_keys=True, ensure_ascii=False))
    out = []
    for error in sorted(validator.iter_errors(form), key=lambda e: list(map(str, e.absolute_path))):
        field, message, message_en = _describe(error)
        out.append({"field": field, "message": message, "message_en": message_en})
    return out
