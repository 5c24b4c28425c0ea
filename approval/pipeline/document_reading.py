"""Document reading: OCR every material, then check that each slot holds the right kind
of document and that it was legible."""

from __future__ import annotations

import logging
from collections.abc import Callable

from approval.pipeline.case_file import CaseFile, Retake
from approval.pipeline.materials_check import BACK, front_part, material_reason, missing
from ocr.reading import BUSINESS_LICENCE, ID_CARD_BACK, ID_CARD_BOTH_SIDES, ID_CARD_FRONT, KIND_TITLES

ReadDocuments = Callable[[dict[str, bytes]], dict[str, dict]]

# Warnings that mean "take a better photo": the applicant can fix these.
RETAKE_WARNINGS = {"too_small", "blurred", "too_dark", "glare", "cut_off", "not_a_document", "occluded"}
# Warnings a human should look at even when every field was read (a re-shot screen suggests the
# applicant does not hold the card). A greyscale copy (身份证复印件) is not among them: what
# decides a case is the data read and checked against the registers, and a copy states it as
# well as the original.
REVIEW_WARNINGS = {"screen"}
BOTH_SIDES = ID_CARD_BOTH_SIDES


def shows(kind: str, expected: str) -> bool:
    """Whether a document read as ``kind`` is the ``expected`` kind: a page with both sides of
    an ID card serves as either side."""
    return kind == expected or (kind == BOTH_SIDES and expected in (ID_CARD_FRONT, BACK))


ENGINE_ERROR = "engine_error"
log = logging.getLogger(__name__)

# The fields of each kind that facts are derived from (``approval.evidence``): a capture problem
# is worth a retake only when it cost one of these. A doubtful address or ethnicity decides
# nothing, and asking for a new photo over it would only delay the applicant.
KIND_FIELDS = {
    ID_CARD_FRONT: ("name", "id_number"),
    ID_CARD_BACK: ("valid_from", "valid_until"),
    BUSINESS_LICENCE: ("credit_code",),
}


def _pair_backs(case: CaseFile) -> None:
    """An emblem-side slot left empty is filled by a photo-side upload that shows both sides;
    otherwise it is missing after all."""
    materials = case.materials
    for part, kind in materials.items():
        if kind != BACK or case.documents.get(part) is not None:
            continue
        pair = front_part(materials, part)
        reading = case.readings.get(pair) if pair else None
        if reading is not None and reading.get("kind") == BOTH_SIDES:
            case.readings[part] = reading
        elif pair is not None and case.documents.get(pair):
            case.add(missing(part, kind))


def poorly_read_fields(reading: dict, kind: str, min_confidence: float) -> list[str]:
    fields = reading.get("fields") or {}
    return [
        name
        for name in KIND_FIELDS.get(kind, ())
        if name not in fields or float(fields[name].get("confidence", 0)) < min_confidence
    ]


def run(case: CaseFile, read_documents: ReadDocuments) -> CaseFile:
    materials = case.materials
    wanted = {part: data for part, data in case.documents.items() if part in materials and data}
    if not wanted:
        return case
    case.readings = read_documents(wanted)
    _pair_backs(case)
    for part, expected_kind in materials.items():
        reading = case.readings.get(part)
        if reading is None:
            continue
        kind = reading.get("kind", "unknown")
        if kind == "unknown" and any(w.get("code") == ENGINE_ERROR for w in reading.get("warnings") or []):
            # Our reader failed, not the applicant's picture: a reviewer looks, nobody is told
            # to upload again.
            log.error("case %s: the reader failed on %s", case.case_id, part)
            case.add(material_reason("engine.reader_failed", part, expected_kind, code="engine.error"))
            continue
        if kind == "unknown":
            case.add(material_reason("material.unreadable", part, expected_kind))
        elif not shows(kind, expected_kind):
            got, got_en = KIND_TITLES.get(kind, (kind, kind))
            case.add(material_reason("material.wrong_kind", part, expected_kind, got=got, got_en=got_en))
        if not shows(kind, expected_kind):
            continue
        poor = poorly_read_fields(reading, kind, case.matter.min_confidence)
        for warning in reading.get("warnings") or []:
            code = warning.get("code")
            said = {"message": warning.get("message", ""), "message_en": warning.get("message_en", "")}
            if code in REVIEW_WARNINGS:
                case.add(material_reason(f"material.{code}", part, expected_kind, **said))
            # A quality problem only matters to the applicant when it cost us a field; whether
            # it did is settled once the evidence is built (``settle_retakes``).
            if code in RETAKE_WARNINGS and poor:
                retake = material_reason("material.quality", part, expected_kind, **said)
                case.retakes.append(Retake(part, tuple(poor), retake))
    return case


def settle_retakes(case: CaseFile) -> CaseFile:
    """Ask for a new photo only where a field read poorly left a fact the rules cannot use. A
    field the applicant stated identically (``approval.evidence.identity``: a finger beside an
    ID number read by one voice and typed the same by the applicant) cost nothing; a field no
    fact rests on, or one a fact rests on below the matter's confidence, did."""
    for retake in case.retakes:
        if any(not _decided(case, retake.part, name) for name in retake.fields):
            case.add(retake.reason)
    return case


def _decided(case: CaseFile, part: str, field: str) -> bool:
    source = f"document:{part}"
    resting = [
        f for f in case.facts.values() if any(e.source == source and e.field == field for e in f.evidence)
    ]
    least = case.matter.min_confidence
    return bool(resting) and all(
        f.value is not None and f.confidence is not None and f.confidence >= least for f in resting
    )
