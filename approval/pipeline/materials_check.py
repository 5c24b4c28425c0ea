"""Materials check: every material the matter needs is there and not empty (一次性告知:
all missing ones are named at once)."""

from __future__ import annotations

from approval.pipeline.case_file import RETURN, CaseFile, Reason

KIND_TITLES = {
    "cn_id_card_front": ("居民身份证人像面", "ID card, photo side"),
    "cn_id_card_back": ("居民身份证国徽面", "ID card, emblem side"),
    "cn_business_licence": ("营业执照", "business licence"),
}


def run(case: CaseFile) -> CaseFile:
    for part, kind in case.matter.materials.items():
        title_zh, title_en = KIND_TITLES.get(kind, (kind, kind))
        data = case.documents.get(part)
        if data is None:
            case.add(
                Reason(
                    code="material.missing",
                    message=f"缺少材料：{title_zh}（{part}），请上传。",
                    message_en=f"Missing material: {title_en} ({part}); please upload it.",
                    action=RETURN,
                    field=part,
                    source=f"document:{part}",
                )
            )
        elif not data:
            case.add(
                Reason(
                    code="material.empty",
                    message=f"材料{title_zh}（{part}）为空文件，请重新上传。",
                    message_en=f"The {title_en} ({part}) file is empty; please upload it again.",
                    action=RETURN,
                    field=part,
                    source=f"document:{part}",
                )
            )
    return case
