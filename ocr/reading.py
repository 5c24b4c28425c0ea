"""What reading one document produces: its kind, its fields with confidences, and warnings.

This is the contract between ``ocr`` and the rest of the service (``approval ocr --json``
prints ``Reading.to_dict()`` per file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The document kinds, named once: the rest of the service imports these.
ID_CARD_FRONT = "cn_id_card_front"
ID_CARD_BACK = "cn_id_card_back"
ID_CARD_BOTH_SIDES = "cn_id_card_both_sides"  # both sides copied onto one page (身份证复印件)
BUSINESS_LICENCE = "cn_business_licence"
UNKNOWN = "unknown"
KINDS = (ID_CARD_FRONT, ID_CARD_BACK, ID_CARD_BOTH_SIDES, BUSINESS_LICENCE, UNKNOWN)
# The kinds a matter may ask for as a material (a both-sides page serves either side).
MATERIAL_KINDS = (ID_CARD_FRONT, ID_CARD_BACK, BUSINESS_LICENCE)
# How each kind is called, in Chinese and English.
KIND_TITLES = {
    ID_CARD_FRONT: ("居民身份证人像面", "ID card, photo side"),
    ID_CARD_BACK: ("居民身份证国徽面", "ID card, emblem side"),
    ID_CARD_BOTH_SIDES: ("居民身份证正反面复印件", "copy of both sides of the ID card"),
    BUSINESS_LICENCE: ("营业执照", "business licence"),
}

# The contract's field names per document kind.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "cn_id_card_front": ("name", "sex", "ethnicity", "birth_date", "address", "id_number"),
    "cn_id_card_back": ("issuing_authority", "valid_from", "valid_until"),
    # Both sides of a card copied onto one page (身份证复印件): the fields of both.
    "cn_id_card_both_sides": (
        "name",
        "sex",
        "ethnicity",
        "birth_date",
        "address",
        "id_number",
        "issuing_authority",
        "valid_from",
        "valid_until",
    ),
    "cn_business_licence": (
        "credit_code",
        "name",
        "type",
        "operator",
        "address",
        "established_on",
        "scope",
        "registration_authority",
    ),
    "unknown": (),
}
# How each field is labelled on its document (Chinese, English), for people reading the fields.
FIELD_TITLES: dict[str, tuple[str, str]] = {
    "name": ("姓名", "name"),
    "sex": ("性别", "sex"),
    "ethnicity": ("民族", "ethnicity"),
    "birth_date": ("出生", "date of birth"),
    "address": ("住址", "address"),
    "id_number": ("公民身份号码", "ID number"),
    "issuing_authority": ("签发机关", "issuing authority"),
    "valid_from": ("有效期限（起）", "valid from"),
    "valid_until": ("有效期限（止）", "valid until"),
    "credit_code": ("统一社会信用代码", "credit code"),
    "type": ("类型", "type"),
    "operator": ("经营者", "operator"),
    "established_on": ("注册日期", "date of establishment"),
    "scope": ("经营范围", "business scope"),
    "registration_authority": ("登记机关", "registration authority"),
}
# On a licence the same keys name the business and its premises.
LICENCE_TITLES = {**FIELD_TITLES, "name": ("名称", "business name"), "address": ("经营场所", "premises")}


def field_title(kind: str | None, field: str, english: bool = False) -> str:
    titles = LICENCE_TITLES if kind == BUSINESS_LICENCE else FIELD_TITLES
    return titles.get(field, (field, field))[1 if english else 0]


class UnsupportedDocument(ValueError):
    """The bytes are not a JPEG, PNG or PDF we can open."""


@dataclass(frozen=True)
class FieldReading:
    value: str
    confidence: float  # 0..1: how sure the readings are, agreeing or not (``ocr.field_values``)
    # For names: per character, the recogniser's likeliest readings with their probabilities,
    # so that a stated name can be checked against what the print allows (rare characters are
    # often the recogniser's second choice: 冼 behind 洗).
    candidates: tuple[tuple[tuple[str, float], ...], ...] | None = None
    # Where the value is printed, so a reviewer can see what was read where: one outline per
    # line it spans, four corners clockwise from the top left, as shares (0..1) of the
    # uploaded picture's width and height.
    where: tuple[tuple[tuple[float, float], ...], ...] | None = None
    # The characters the value was read from, while its page is being read (``ocr.read``
    # turns them into ``where``; they are not part of the result).
    chars: tuple = field(default=(), compare=False, repr=False)

    def to_dict(self, outlines: bool = True) -> dict:
        out: dict = {"value": self.value, "confidence": round(self.confidence, 4)}
        if self.candidates:
            out["candidates"] = [[[t, round(p, 4)] for t, p in alts] for alts in self.candidates]
        if self.where and outlines:
            out["where"] = [[list(point) for point in outline] for outline in self.where]
        return out


@dataclass(frozen=True)
class ReadingWarning:
    """``code`` is one of: too_small, blurred, too_dark, glare, cut_off, not_a_document,
    photocopy, screen, rotated, corrected, check_covered, region_era, inconsistent (see
    ``ocr.quality``)."""

    code: str
    message: str  # Chinese, actionable for the applicant
    message_en: str
    field: str | None = None

    def to_dict(self) -> dict:
        out = {"code": self.code, "message": self.message, "message_en": self.message_en}
        if self.field:
            out["field"] = self.field
        return out


@dataclass
class Reading:
    kind: str
    fields: dict[str, FieldReading] = field(default_factory=dict)
    warnings: list[ReadingWarning] = field(default_factory=list)
    file: str | None = None
    seconds: float | None = None

    def to_dict(self, outlines: bool = True) -> dict:
        out: dict = {
            "kind": self.kind,
            "fields": {name: f.to_dict(outlines) for name, f in self.fields.items()},
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.file is not None:
            out = {"file": self.file, **out}
        return out
