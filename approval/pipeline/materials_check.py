"""Materials check: every material the matter needs is there and not empty (一次性告知:
all missing ones are named at once)."""

from __future__ import annotations

from approval.pipeline.case_file import RETURN, CaseFile, Reason
from ocr.reading import ID_CARD_BACK, ID_CARD_FRONT, KIND_TITLES

BACK, FRONT = ID_CARD_BACK, ID_CARD_FRONT


def front_part(matter_materials: dict[str, str], back_part: str) -> str | None:
    """The slot for the same card's photo side (id_card_back → id_card_front)."""
    candidate = back_part.removesuffix("_back") + "_front"
    return candidate if matter_materials.get(candidate) == FRONT else None


def missing(part: str, kind: str) -> Reason:
    title_zh, title_en = KIND_TITLES.get(kind, (kind, kind))
    return Reason(
        code="material.missing",
        message=f"缺少材料：{title_zh}（{part}），请上传。",
        message_en=f"Missing material: {title_en} ({part}); please upload it.",
        action=RETURN,
        field=part,
        source=f"document:{part}",
    )


def run(case: CaseFile) -> CaseFile:
    materials = case.materials
    required = case.matter.required_materials(case.submission)
    for part, kind in materials.items():
        title_zh, title_en = KIND_TITLES.get(kind, (kind, kind))
        data = case.documents.get(part)
        if data is None and part not in required:
            continue
        if data is None:
            # The emblem side may be on the same page as the photo side (身份证复印件): whether
            # it is, reading the front tells (``document_reading``).
            pair = front_part(materials, part) if kind == BACK else None
            if pair is None or not case.documents.get(pair):
                case.add(missing(part, kind))
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
