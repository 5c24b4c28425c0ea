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
    del docs["id_card_back"]
    case = materials_check.run(make_case(registration(someone), docs))
    assert codes_and_fields(case) == [("material.missing", "id_card_back")]
    reason = case.reasons[0]
    assert reason.action == RETURN
    assert "id_card_back" in reason.message and "国徽面" in reason.message


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
    ocr = FakeOcr()
    case = make_case(submission or registration(someone), docs)
    return document_reading.run(case, ocr), ocr


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


@pytest.mark.parametrize("warning", ["photocopy", "screen"])
def test_copy_or_screen_goes_to_a_reviewer(make_case, someone, warning):
    copied = back_reading(someone)
    copied["warnings"] = [{"code": warning, "message": "疑似复印件", "message_en": "copy"}]
    case, _ = read(make_case, someone, {**id_card_images(someone), "id_card_back": fake_image(copied)})
    assert codes_and_fields(case) == [(f"material.{warning}", "id_card_back")]
    assert case.reasons[0].action == ROUTE
