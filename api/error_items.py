"""Each entry of an error's ``errors`` says where (``loc``, and ``field`` written out) and what to
fix in the applicant's words (``message``, Chinese); ``msg`` keeps the technical English.

The domain writes ``message`` where it knows the words (the submission's envelope); for the rest
(a query parameter, a reviewer's form) the words are made here from the kind of fault."""

from __future__ import annotations

from typing import Any

# What the API's own fields are called (the form's fields carry their titles in the rule files).
LABELS = {
    "matter": "事项",
    "applicant": "申请人",
    "applicant.name": "申请人姓名",
    "applicant.id_number": "申请人身份证号码",
    "applicant.phone": "申请人联系电话",
    "form": "表单",
    "declarations": "承诺声明",
    "submission": "申请数据（submission）",
    "comment": "审查意见",
    "outcome": "审查结论",
    "reviewer": "审查人员",
    "url": "回调地址",
    "limit": "每页条数",
    "offset": "起始位置",
    "changed_since": "变更时间起点",
    "since": "统计起始时间",
    "until": "统计截止时间",
    "as_of": "申请日期",
}
# Where a value came from: not part of the field's name.
SOURCES = {"body", "query", "path", "header"}

WORDS = {
    "missing": "请填写{label}。",
    "type": "{label}的格式不正确。",
    "string_too_long": "{label}过长。",
    "string_too_short": "{label}过短。",
    "too_long": "{label}的项数过多。",
    "literal_error": "{label}的取值不在允许的范围内。",
    "enum": "{label}的取值不在允许的范围内。",
    "int_parsing": "{label}应为整数。",
    "int_type": "{label}应为整数。",
    "int_from_float": "{label}应为整数。",
    "float_parsing": "{label}应为数字。",
    "greater_than_equal": "{label}超出允许的范围。",
    "less_than_equal": "{label}超出允许的范围。",
    "datetime_parsing": "{label}应为带时区的日期时间（ISO 8601）。",
    "datetime_from_date_parsing": "{label}应为带时区的日期时间（ISO 8601）。",
    "timezone_aware": "{label}应带时区（如 +08:00）。",
    "date_from_datetime_parsing": "{label}应为日期（如 2026-01-31）。",
    "date_parsing": "{label}应为日期（如 2026-01-31）。",
    "url": "{label}应为 http 或 https 地址。",
    "invalid_character": "{label}含有无法保存的字符（NUL 或不成对的代理字符）。",
    "unknown_material": "{label}不是本事项的材料。",
    "unsupported_media": "{label}应为 JPEG、PNG 或 PDF 文件。",
}


def field_of(loc: list) -> str:
    """``["body", "applicant", "id_number"]`` → ``applicant.id_number``; list items as ``[n]``."""
    text = ""
    for part in loc[1:] if loc and loc[0] in SOURCES and len(loc) > 1 else loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def label_of(field: str) -> str:
    if field.startswith("files."):
        return f"材料「{field.removeprefix('files.')}」"
    return LABELS.get(field) or LABELS.get(field.rsplit(".", 1)[-1]) or field or "请求"


def complete(errors: list[Any]) -> list[Any]:
    """Every entry with its ``field`` and a Chinese ``message`` (those it has are kept)."""
    out = []
    for entry in errors:
        if isinstance(entry, dict):
            entry = dict(entry)
            field = entry.setdefault("field", field_of(list(entry.get("loc") or [])))
            words = WORDS.get(str(entry.get("type")), "{label}填写有误。")
            entry.setdefault("message", words.format(label=label_of(field)))
        out.append(entry)
    return out
