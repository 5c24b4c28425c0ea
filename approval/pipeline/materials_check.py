"""Materials check: every material the matter needs is there and not empty (一次性告知:
all missing ones are named at once)."""

from __future__ import annotations

from approval.pipeline.case_file import CaseFile, Reason
from approval.pipeline.reasons import reason
from ocr.reading import ID_CARD_BACK, ID_CARD_FRONT, KIND_TITLES

BACK, FRONT = ID_CARD_BACK, ID_CARD_FRONT


def front_part(matter_materials: dict[str, str], back_part: str) -> str | None:
    """The slot for the same card's photo side (id_card_back → id_card_front)."""
    candidate = back_part.removesuffix("_back") + "_front"
    return candidate if matter_materials.get(candidate) == FRONT else None


def material_reason(text: str, part: str, kind: str, **params: str) -> Reason:
    """A reason about one material, named by its part and its kind's title."""
    title, title_en = KIND_TITLES.get(kind, (kind, kind))
    return reason(
        text, field=part, source=f"document:{part}", part=part, title=title, title_en=title_en, **params
    )


def missing(part: str, kind: str) -> Reason:
    return material_reason("material.missing", part, kind)


def run(case: CaseFile) -> CaseFile:
    materials = case.materials
    required = case.matter.required_materials(case.submission)
    for part, kind in materials.items():
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
            case.add(material_reason("material.empty", part, kind))
    return case
