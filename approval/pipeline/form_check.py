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


# What the applicant is asked for, in their words (a JSON Schema type → Chinese).
TYPE_WORDS = {"number": "数字", "integer": "整数", "string": "文字", "array": "一项或多项（列表）",
              "object": "一组信息", "boolean": "是或否"}  # fmt: skip


def _label(root: dict, path: list) -> str:
    """The field as the form calls it: the titles along the path (the rule file's ``title``),
    an item of a list as its number (股东（自然人）第2项的姓名); a key where there is no title."""
    schema, words = root, []
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items") or {}
            words.append(f"第{part + 1}项")
            continue
        schema = (schema.get("properties") or {}).get(part) or {}
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            schema = {**root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}), **schema}
        title = schema.get("title") or str(part)
        words.append(f"的{title}" if words else title)
    return "".join(words) or "表单"


def _describe(error: jsonschema.ValidationError, root: dict) -> tuple[str, str, str]:
    """(the field's path, what to fix in Chinese in the form's words, the same in English)."""
    field, path = _path(error), list(error.absolute_path)
    label = _label(root, path)
    kind, value = error.validator, error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        field = f"{field}.{missing}"
        return field, f"请填写{_label(root, [*path, missing])}。", f"{field} is required."
    if kind == "enum":
        allowed = "、".join(str(v) for v in value)
        return field, f"{label}只能是：{allowed}。", f"{field} must be one of: {allowed}."
    if kind == "type":
        expected = "或".join(TYPE_WORDS.get(t, t) for t in ([value] if isinstance(value, str) else value))
        return field, f"{label}应为{expected}。", f"{field} must be of type {value}."
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {"minimum": "不能小于", "exclusiveMinimum": "应大于", "maximum": "不能大于",
                 "exclusiveMaximum": "应小于"}[kind]  # fmt: skip
        side = "below the minimum" if "inimum" in kind else "above the maximum"
        return field, f"{label}{words}{value}。", f"{field} is {side} {value}."
    if kind == "minItems":
        return field, f"{label}至少需要填写{value}项。", f"{field} needs at least {value} item(s)."
    if kind == "maxItems":
        return field, f"{label}最多填写{value}项。", f"{field} takes at most {value} item(s)."
    if kind == "minLength" and value == 1:
        return field, f"{label}不能为空。", f"{field} must not be empty."
    if kind == "maxLength":
        return field, f"{label}不能超过{value}个字。", f"{field} is longer than {value} characters."
    if kind in ("minLength", "pattern", "format"):
        return field, f"{label}格式不正确。", f"{field} is not in the expected format ({error.message})."
    if kind == "additionalProperties":
        known = (error.schema or {}).get("properties") or {}
        extra = (
            "、".join(str(k) for k in error.instance if k not in known)
            if isinstance(error.instance, dict)
            else ""
        )
        where = "表单" if not path else label
        return (
            field,
            f"{where}含有未定义的字段：{extra or error.message}。",
            f"The form has unknown fields: {error.message}",
        )
    return field, f"{label}填写有误：{error.message}", f"{field}: {error.message}"


def form_errors(matter: Any, form: dict) -> list[dict]:
    schema = _schema_of(matter)
    validator = _validator(json.dumps(schema, sort_keys=True, ensure_ascii=False))
    out = []
    for error in sorted(validator.iter_errors(form), key=lambda e: list(map(str, e.absolute_path))):
        field, message, message_en = _describe(error, schema)
        out.append({"field": field, "message": message, "message_en": message_en})
    return out
