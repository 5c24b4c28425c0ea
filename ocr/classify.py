"""Which document this is, from what is printed on it (never from a file name or upload slot)."""

from __future__ import annotations

import re

from ocr.id_card_fields import BACK_LABELS, FRONT_LABELS
from ocr.layout import Row, find_labels
from ocr.licence_fields import LICENCE_LABELS
from ocr.normalize import to_halfwidth

BOTH_SIDES = "cn_id_card_both_sides"
_ID_NUMBER = re.compile(r"\d{17}[\dXx]")
_CREDIT_CODE = re.compile(r"[0-9A-Z]{18}")
# The back's validity as cards print it: 2013.07.05-2033.07.05 or 2013.07.05-长期.
_VALIDITY = re.compile(r"\d{4}[.．]\d{2}[.．]\d{2}\s*[-—一~至]\s*(\d{4}|长)")
# A birth date as the card's front prints it (1985年3月2日; the 日 is often misread).
_BIRTH = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})")
_BACK_TITLES = {"中华人民共和国", "居民身份证"}
_LICENCE_KEYS = {"name", "type", "operator", "address", "established_on", "scope",
                 "registration_authority", "credit_label", "title"}  # fmt: skip


def scores(rows: list[Row]) -> dict[str, float]:
    """Per kind, the distinct labels and telling patterns seen."""
    text = to_halfwidth("\n".join(r.text for r in rows))
    front = {h.key for h in find_labels(rows, FRONT_LABELS)}
    back = {h.label for h in find_labels(rows, BACK_LABELS)}
    licence = {h.key for h in find_labels(rows, LICENCE_LABELS)} & _LICENCE_KEYS
    titles = back & _BACK_TITLES
    return {
        "cn_id_card_front": len(front) + (1.5 if _ID_NUMBER.search(text) else 0)
        + (1.5 if _birth_in_number(text) else 0),
        # The card's titles count half: they are printed larger and say less.
        "cn_id_card_back": len(back - titles) + 0.5 * len(titles) + (1.5 if _VALIDITY.search(text) else 0),
        "cn_business_licence": len(licence) + (1.5 if _CREDIT_CODE.search(text) else 0),
    }


def _birth_in_number(text: str) -> bool:
    """Whether a printed date is the birth date inside a printed ID number: a front's content
    tells it even where its small labels are too small to read (a card copied small)."""
    births = {m.group()[6:14] for m in _ID_NUMBER.finditer(text)}
    return any(f"{y}{int(m):02d}{int(d):02d}" in births for y, m, d in _BIRTH.findall(text))


def classify(rows: list[Row]) -> str:
    """One of ``ocr.reading.KINDS``: both sides of an ID card copied onto one page count as a
    kind of their own."""
    got = scores(rows)
    if got["cn_id_card_front"] >= 3 and got["cn_id_card_back"] >= 2.5 and got["cn_business_licence"] < 4:
        return BOTH_SIDES
    ranked = sorted(got.items(), key=lambda kv: -kv[1])
    (kind, best), (_, second) = ranked[0], ranked[1]
    if best < 2 or best - second < 1:
        return "unknown"
    return kind
