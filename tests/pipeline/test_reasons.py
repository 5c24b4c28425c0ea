"""The pipeline's own reasons come from one catalogue, in Chinese and English."""

from __future__ import annotations

import string

from approval.pipeline.document_reading import REVIEW_WARNINGS
from approval.pipeline.reasons import TEXTS, reason


def test_both_languages_take_the_same_parameters_except_translations():
    for key, text in TEXTS.items():
        zh = {f for _, f, _, _ in string.Formatter().parse(text.zh) if f}
        en = {f for _, f, _, _ in string.Formatter().parse(text.en) if f}
        # English names the English form of a title or message (title_en for title).
        assert {f.removesuffix("_en") for f in zh} == {f.removesuffix("_en") for f in en}, key


def test_every_warning_a_reviewer_must_see_has_a_text():
    assert {f"material.{w}" for w in REVIEW_WARNINGS} <= set(TEXTS)


def test_a_reason_is_filled_and_keeps_its_code():
    r = reason("material.missing", field="id_card_back", part="id_card_back", title="居民身份证国徽面",
               title_en="ID card, emblem side")  # fmt: skip
    assert (r.code, r.action, r.field) == ("material.missing", "return", "id_card_back")
    assert r.message == "缺少材料：居民身份证国徽面（id_card_back），请上传。"
    assert r.message_en == "Missing material: ID card, emblem side (id_card_back); please upload it."
    undetermined = reason(
        "rule.undetermined", code="applicant.adult.undetermined", title="t", detail="d", detail_en="e"
    )
    assert undetermined.code == "applicant.adult.undetermined" and undetermined.action == "route"
