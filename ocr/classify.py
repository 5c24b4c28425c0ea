"""Which document this is, from what is printed on it (never from a file name or upload slot)."""

from __future__ import annotations

import re

from ocr.fields_common import longest_code_run
from ocr.fields_id_card import BACK_LABELS, FRONT_LABELS
from ocr.fields_licence import LICENCE_LABELS
from ocr.labels import find_labels
from ocr.normalize import to_halfwidth
from ocr.page import Page

_DATE_RANGE = re.compile(r"\d{4}\.?\d{2}\.?\d{2}\s*[-—一~]\s*(\d{4}|长)")
# Labels that only the licence prints (名称 and 住所 alone are too weak to count).
_LICENCE_KEYS = {"type", "operator", "address", "established_on", "scope",
                 "registration_authority", "credit_label", "title"}  # fmt: skip


def classify(page: Page) -> tuple[str, float]:
    """(kind, score): the score counts distinct labels and patterns seen for that kind."""
    lines = page.lines
    text = to_halfwidth("".join(page.text.split()))
    scores: dict[str, float] = {}

    front = {h.key for h in find_labels(lines, FRONT_LABELS, strict=True)}
    has_id = any(len(longest_code_run(ln.glyphs, 17)) >= 17 for ln in lines)
    scores["cn_id_card_front"] = len(front) + (1.5 if has_id else 0)

    back = {h.label for h in find_labels(lines, BACK_LABELS, strict=True)}
    scores["cn_id_card_back"] = len(back) + (1.5 if _DATE_RANGE.search(text) else 0)

    licence = {h.key for h in find_labels(lines, LICENCE_LABELS, strict=True)} & _LICENCE_KEYS
    scores["cn_business_licence"] = len(licence) + (1.0 if "营业执照" in text else 0)

    kind, score = max(scores.items(), key=lambda kv: kv[1])
    others = sorted(scores.values(), reverse=True)[1]
    if score < 2 or score - others < 1:
        return "unknown", score
    return kind, score
