"""Materials check (every material present and not empty, all named at once) and document
reading (right kind in each slot, legible; quality problems only matter when they cost a field)."""

from __future__ import annotations

import pytest

from approval.pipeline import document_reading, materials_check
from approval.pipeline.case_file import RETURN, ROUTE
from tests.support import (
    FakeOcr,
    back_reading,
    fake_image,
    food_licence,
    front_reading,
    id_card_images,
    new_person,
    registration,
)


@pytest.fixture
def someone():
    return new_person(7, age=35)


def codes_and_fields(case):
    return sorted((r.code, r.field) for r in case.reasons)


# -- materials check --------------------------------------------------------------------------
def test_all_materials_present_gives_no_reason(make_case, someone):
    case = materials_check.run(make_case(registration(someone), id_card_images(someone)))
    assert case.reasons == []


def test_missing_material_is_named(make_case, someone):
    docs = id_card_images(someone)
    del docs["id_card_front"]
    case = materials_check.run(make_case(registration(someone), docs))
    assert codes_and_fields(case) == [("material.missing", "id_card_front")]
    reason = case.reasons[0]
    assert reason.action == RETURN
    assert "id_card_front" in reason.message and "人像面" in reason.message


def test_every_missing_material_is_named_at_once(make_case, someone):
    case = materials_check.run(make_case(food_licence(someone, "92320614MA1XXXXX0X"), {}))
    assert codes_and_fields(case) == [
        ("material.missing", "business_licence"),
        ("material.missing", "id_card_front"),
    ]


def test_empty_material_is_returned_as_empty(make_case, someone):
    docs = {**id_card_images(someone), "id_card_front": b""}
    case = materials_check.run(make_case(registration(someone), docs))
    assert codes_and_fields(case) == [("material.empty", "id_card_front")]
    assert case.reasons[0].action == RETURN


# -- document reading -------------------------------------------------------------------------
def read(make_case, someone, docs, submission=None):
    """Reading alone: no facts are built, so a retake asked over a poorly read field stands
    (``test_runner`` has the cases where the evidence settles it)."""
    ocr = FakeOcr()
    case = make_case(submission or registration(someone), docs)
    return document_reading.settle_retakes(document_reading.run(case, ocr)), ocr


def test_right_documents_read_well_give_no_reason(make_case, someone):
    case, _ = read(make_case, someone, id_card_images(someone))
    assert case.reasons == []
    assert case.readings["id_card_front"]["fields"]["name"]["value"] == someone.name


def test_empty_and_unknown_parts_are_not_sent_to_ocr(make_case, someone):
    docs = {**id_card_images(someone), "id_card_back": b""}
    case, ocr = read(make_case, someone, docs)
    assert list(ocr.calls[0]) == ["id_card_front"]


def test_wrong_kind_in_a_slot_is_returned_naming_the_slot(make_case, someone):
    back = fake_image(back_reading(someone))
    case, _ = read(make_case, someone, {"id_card_front": back, "id_card_back": back})
    assert codes_and_fields(case) == [("material.wrong_kind", "id_card_front")]
    reason = case.reasons[0]
    assert reason.action == RETURN
    assert "人像面" in reason.message and "国徽面" in reason.message


def test_unreadable_document_is_returned(make_case, someone):
    docs = {**id_card_images(someone), "id_card_back": fake_image({"kind": "unknown", "fields": {}})}
    case, _ = read(make_case, someone, docs)
    assert codes_and_fields(case) == [("material.unreadable", "id_card_back")]
    assert case.reasons[0].action == RETURN


def test_quality_warning_that_cost_a_field_asks_for_a_new_photo(make_case, someone):
    blurred = front_reading(someone)
    blurred["fields"]["name"]["confidence"] = 0.4
    blurred["warnings"] = [{"code": "blurred", "message": "照片模糊", "message_en": "blurred"}]
    case, _ = read(make_case, someone, {**id_card_images(someone), "id_card_front": fake_image(blurred)})
    assert codes_and_fields(case) == [("material.quality", "id_card_front")]
    assert case.reasons[0].action == RETURN
    assert "照片模糊" in case.reasons[0].message


def test_quality_warning_that_cost_a_field_it_lacks_asks_for_a_new_photo(make_case, someone):
    cut = front_reading(someone)
    del cut["fields"]["id_number"]
    cut["warnings"] = [{"code": "cut_off", "message": "证件不完整", "message_en": "cut off"}]
    case, _ = read(make_case, someone, {**id_card_images(someone), "id_card_front": fake_image(cut)})
    assert codes_and_fields(case) == [("material.quality", "id_card_front")]


def test_quality_warning_without_a_lost_field_is_not_a_reason(make_case, someone):
    glare = front_reading(someone)
    glare["warnings"] = [{"code": "glare", "message": "反光", "message_en": "glare"}]
    case, _ = read(make_case, someone, {**id_card_images(someone), "id_card_front": fake_image(glare)})
    assert case.reasons == []


def test_low_confidence_without_warning_is_left_to_the_rules(make_case, someone):
    """Stage itself says nothing; the fact is then too uncertain for a rule (see test_runner)."""
    faint = front_reading(someone, confidence=0.5)
    case, _ = read(make_case, someone, {**id_card_images(someone), "id_card_front": fake_image(faint)})
    assert case.reasons == []


def test_screen_goes_to_a_reviewer(make_case, someone):
    shot = back_reading(someone)
    shot["warnings"] = [{"code": "screen", "message": "疑似翻拍", "message_en": "screen"}]
    case, _ = read(make_case, someone, {**id_card_images(someone), "id_card_back": fake_image(shot)})
    assert codes_and_fields(case) == [("material.screen", "id_card_back")]
    assert case.reasons[0].action == ROUTE


def test_a_photocopy_read_well_is_not_a_reason(make_case, someone):
    # 身份证复印件: the data on it decides the case, checked like any other reading.
    copied = back_reading(someone)
    copied["warnings"] = [{"code": "photocopy", "message": "复印件", "message_en": "copy"}]
    case, _ = read(make_case, someone, {**id_card_images(someone), "id_card_back": fake_image(copied)})
    assert case.reasons == []


def both_sides_reading(person) -> dict:
    front, back = front_reading(person), back_reading(person)
    warning = {"code": "both_sides", "message": "正反面", "message_en": "both sides"}
    fields = {**front["fields"], **back["fields"]}
    return {"kind": "cn_id_card_both_sides", "fields": fields, "warnings": [warning]}


def test_both_sides_on_one_page_serve_both_slots(make_case, someone):
    docs = {"id_card_front": fake_image(both_sides_reading(someone))}
    case = materials_check.run(make_case(registration(someone), docs))
    assert case.reasons == []  # the back may be on the front's page: reading tells
    case = document_reading.run(case, FakeOcr())
    assert case.reasons == []
    assert case.readings["id_card_back"]["kind"] == "cn_id_card_both_sides"


def test_a_front_alone_still_lacks_its_back(make_case, someone):
    docs = {"id_card_front": fake_image(front_reading(someone))}
    case = document_reading.run(materials_check.run(make_case(registration(someone), docs)), FakeOcr())
    assert codes_and_fields(case) == [("material.missing", "id_card_back")]
    assert case.reasons[0].action == RETURN


def test_both_sides_page_in_the_back_slot_is_the_right_kind(make_case, someone):
    page = fake_image(both_sides_reading(someone))
    docs = {"id_card_front": fake_image(front_reading(someone)), "id_card_back": page}
    case, _ = read(make_case, someone, docs)
    assert case.reasons == []
