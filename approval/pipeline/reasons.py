"""Every reason the pipeline itself gives (rules give theirs in their files): its code, what
the applicant or reviewer is told in Chinese and English, and whether it returns the case to
the applicant or routes it to a reviewer. The templates are ours, filled with ``str.format``;
rule text is never formatted here.
"""

from __future__ import annotations

from typing import NamedTuple

from approval.pipeline.case_file import RETURN, REVOKE, ROUTE, Reason


class ReasonText(NamedTuple):
    zh: str
    en: str
    action: str


TEXTS: dict[str, ReasonText] = {
    "form.invalid": ReasonText("{message}", "{message_en}", RETURN),
    "material.missing": ReasonText(
        "缺少材料：{title}（{part}），请上传。",
        "Missing material: {title_en} ({part}); please upload it.",
        RETURN,
    ),
    "material.empty": ReasonText(
        "材料{title}（{part}）为空文件，请重新上传。",
        "The {title_en} ({part}) file is empty; please upload it again.",
        RETURN,
    ),
    "material.unreadable": ReasonText(
        "无法识别上传的{title}（{part}），请在光线充足处拍摄完整、清晰的原件后重新上传。",
        "The uploaded {title_en} ({part}) could not be read; please upload a sharp, complete photo of the "
        "original in good light.",
        RETURN,
    ),
    "material.wrong_kind": ReasonText(
        "{part} 应上传{title}，但上传的是{got}。",
        "{part} must be the {title_en}, but a {got_en} was uploaded.",
        RETURN,
    ),
    "material.quality": ReasonText(
        "{title}（{part}）：{message}",
        "{title_en} ({part}): {message_en}",
        RETURN,
    ),
    "material.screen": ReasonText(
        "{title}（{part}）：{message}",
        "{title_en} ({part}): {message_en}",
        ROUTE,
    ),
    "engine.reader_failed": ReasonText(
        "{title}（{part}）识别服务出错，已转人工审核。",
        "The reader failed on the {title_en} ({part}); a reviewer will decide.",
        ROUTE,
    ),
    "engine.error": ReasonText(
        "处理环节“{stage}”出错，已转人工审核。",
        "The '{stage}' stage failed; a reviewer will decide.",
        ROUTE,
    ),
    "review.returned": ReasonText(
        "审核人员退回补正：{comment}",
        "Returned for correction by the reviewer: {comment}",
        RETURN,
    ),
    "check.revoked": ReasonText(
        "事后核查发现不符合登记条件，已撤销登记：{comment}",
        "A check after approval found the registration should not stand; it is revoked: {comment}",
        REVOKE,
    ),
    "engine.failed": ReasonText(
        "自动审核出错，已转人工审核。",
        "Automatic checking failed; a reviewer will decide.",
        ROUTE,
    ),
    "engine.timeout": ReasonText(
        "自动审核超时，已转人工审核。",
        "Automatic checking took too long; a reviewer will decide.",
        ROUTE,
    ),
    "engine.no_outcome": ReasonText(
        "规则引擎未给出完整结论，须人工审核。",
        "The rules gave no complete result; a reviewer decides.",
        ROUTE,
    ),
    "matter.not_instant": ReasonText(
        "本事项不在秒批（无人干预自动审批）清单内，须经人工审核。",
        "This matter is not on the instant-approval list; a reviewer decides it.",
        ROUTE,
    ),
    "rule.undetermined": ReasonText(
        "无法确定“{title}”：{detail}，需人工审核。",
        "Could not determine '{title}': {detail_en}; a reviewer must check it.",
        ROUTE,
    ),
}


def reason(
    text: str,
    *,
    code: str | None = None,
    field: str | None = None,
    source: str | None = None,
    rule_id: str | None = None,
    **params: str,
) -> Reason:
    """The reason ``text`` (a key of ``TEXTS``) filled with ``params``; ``code`` when the code
    the portal sees differs from the text's key (``applicant.adult.undetermined``)."""
    template = TEXTS[text]
    return Reason(
        code=code or text,
        message=template.zh.format(**params),
        message_en=template.en.format(**params),
        action=template.action,
        field=field,
        source=source,
        rule_id=rule_id,
    )


__all__ = ["TEXTS", "ReasonText", "reason"]
