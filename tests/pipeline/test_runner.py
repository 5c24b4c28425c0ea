"""The whole pipeline in order, with the real rule worker: eligible cases are approved, and a
stage that fails routes the case to a human, never into an approval."""

from __future__ import annotations

import pytest

from approval.pipeline import intake, runner
from tests.support import (
    FakeOcr,
    back_reading,
    fake_image,
    food_documents,
    food_licence,
    front_reading,
    id_card_images,
    new_business,
    new_person,
    registration,
)


@pytest.fixture
def applicant():
    return new_person(99, age=40, name="王伟")


def decide(make_case, deps, submission, documents):
    return runner.decide(make_case(submission, documents, with_matter=False), deps)


def test_eligible_registration_is_approved(make_case, deps, applicant):
    case = decide(make_case, deps, registration(applicant), id_card_images(applicant))
    assert case.status == "approved", [r.code for r in case.reasons]
    assert [s["stage"] for s in case.stage_log] == [
        "intake",
        "materials_check",
        "document_reading",
        "evidence",
        "capture_check",
        "rule_evaluation",
    ]
    assert all(s["ok"] for s in case.stage_log)


def test_everything_to_fix_is_returned_at_once(make_case, deps, applicant):
    sub = registration(applicant, region_code="32061")
    sub["declarations"] = {"information_true": False}
    docs = id_card_images(applicant)
    del docs["id_card_back"]
    case = decide(make_case, deps, sub, docs)
    assert case.status == "returned"
    found = {(r.code, r.field) for r in case.reasons}
    assert ("form.invalid", "form.region_code") in found
    assert ("material.missing", "id_card_back") in found
    assert "declaration.information_true" in {r.code for r in case.reasons}
    assert not any(r.code.endswith(".undetermined") for r in case.reasons)


def test_low_confidence_reading_routes_naming_the_field_and_document(make_case, deps, applicant):
    faint = front_reading(applicant)
    faint["fields"]["name"]["confidence"] = 0.55
    docs = {**id_card_images(applicant), "id_card_front": fake_image(faint)}
    case = decide(make_case, deps, registration(applicant), docs)
    assert case.status == "routed"
    reason = next(r for r in case.reasons if r.code == "id_card.name_matches.undetermined")
    assert (reason.field, reason.source) == ("name", "document:id_card_front")
    assert "0.55" in reason.message_en


def test_minor_is_routed_not_approved(make_case, deps):
    minor = new_person(5, age=17)
    case = decide(make_case, deps, registration(minor), id_card_images(minor))
    assert case.status == "routed"
    assert [r.code for r in case.reasons] == ["applicant.adult"]
    assert case.due_by is not None


def _boom(*_args, **_kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize("where", ["read_documents", "evaluate", "reference"])
def test_a_failing_stage_routes_with_engine_error(make_case, deps, applicant, where):
    if where == "reference":
        deps.reference.is_blacklisted = _boom  # the evidence stage consults it
    else:
        setattr(deps, where, _boom)
    case = decide(make_case, deps, registration(applicant), id_card_images(applicant))
    assert case.status == "routed"
    assert "engine.error" in [r.code for r in case.reasons]
    failed = [s for s in case.stage_log if not s["ok"]]
    assert len(failed) == 1 and failed[0]["error"] == "RuntimeError"


def test_a_failure_before_the_rules_can_never_approve(make_case, deps, applicant, monkeypatch):
    monkeypatch.setattr(intake, "run", _boom)
    case = decide(make_case, deps, registration(applicant), id_card_images(applicant))
    assert case.status == "routed"
    assert [r.code for r in case.reasons] == ["engine.error"]
    assert case.stage_log == [{"stage": "intake", "ok": False, "error": "RuntimeError"}]
    assert case.evaluation is None


def test_an_engine_answer_that_is_garbage_routes(make_case, deps, applicant):
    deps.evaluate = lambda m, f, d: object()  # no .results: the rule stage fails
    case = decide(make_case, deps, registration(applicant), id_card_images(applicant))
    assert case.status == "routed"
    assert "engine.error" in [r.code for r in case.reasons]


def test_both_sides_copied_on_one_page_are_enough_for_an_approval(make_case, deps, applicant):
    page = front_reading(applicant)
    page["kind"] = "cn_id_card_both_sides"
    page["fields"].update(back_reading(applicant)["fields"])
    case = decide(make_case, deps, registration(applicant), {"id_card_front": fake_image(page)})
    assert case.status == "approved", [r.code for r in case.reasons]
    used = {e["source"] for f in case.facts.values() for e in f.to_dict().get("evidence", [])}
    assert "document:id_card_back" in used  # the validity came from the page in the front slot


def test_retakes_are_asked_only_over_fields_the_evidence_uses(make_case, deps, applicant, monkeypatch):
    # document_reading.KIND_FIELDS names the fields whose loss is worth a new photo: it must be
    # every field the evidence stage reads, or a lost field would go unexplained.
    from approval.evidence.sources import Inputs
    from approval.pipeline.document_reading import KIND_FIELDS

    asked: set[tuple[str, str]] = set()
    original = Inputs.read

    def recording(self, kind, field, part=None):  # noqa: ANN001, ANN202
        asked.add((kind, field))
        return original(self, kind, field, part)

    monkeypatch.setattr(Inputs, "read", recording)
    decide(make_case, deps, registration(applicant), id_card_images(applicant))
    business = new_business(5, applicant)
    submission = food_licence(applicant, business.credit_code)
    decide(make_case, deps, submission, food_documents(applicant, business))
    assert asked and asked <= {(kind, f) for kind, fields in KIND_FIELDS.items() for f in fields}


FINGER = {"code": "occluded", "message": "证件被遮挡", "message_en": "something covers the document"}


def test_a_finger_beside_a_number_the_applicant_typed_identically_needs_no_new_photo(
    make_case, deps, applicant
):
    """One voice read the number (0.85, below the matter's 0.9) beside a finger; the applicant
    typed the same number, which settles it, so the photo cost nothing."""
    front = front_reading(applicant)
    front["fields"]["id_number"]["confidence"] = 0.85
    front["warnings"] = [FINGER]
    docs = {**id_card_images(applicant), "id_card_front": fake_image(front)}
    case = decide(make_case, deps, registration(applicant), docs)
    assert case.status == "approved", [r.code for r in case.reasons]


def test_a_finger_over_a_number_the_statement_cannot_settle_asks_for_a_new_photo(
    make_case, deps, applicant
):
    front = front_reading(applicant)
    front["fields"]["id_number"]["confidence"] = 0.6
    front["warnings"] = [FINGER]
    docs = {**id_card_images(applicant), "id_card_front": fake_image(front)}
    case = decide(make_case, deps, registration(applicant), docs)
    assert case.status == "returned"
    assert [(r.code, r.field) for r in case.reasons if r.code.startswith("material")] == [
        ("material.quality", "id_card_front")
    ]


def test_a_finger_over_the_validity_asks_for_a_new_photo(make_case, deps, applicant):
    """Nobody states a card's validity: a validity read below the matter's confidence next to
    a finger is lost, whatever the front says."""
    back = back_reading(applicant, confidence=0.85)
    back["warnings"] = [FINGER]
    docs = {**id_card_images(applicant), "id_card_back": fake_image(back)}
    case = decide(make_case, deps, registration(applicant), docs)
    assert case.status == "returned"
    assert ("material.quality", "id_card_back") in [(r.code, r.field) for r in case.reasons]


def test_a_reader_failure_routes_and_never_sends_the_applicant_back(make_case, deps, applicant):
    """A crashed or timed-out OCR worker is our failure: the case goes to a reviewer with
    engine.error; nobody is told their picture is unreadable."""
    failed = {
        "kind": "unknown",
        "fields": {},
        "warnings": [{"code": "engine_error", "message": "识别服务出错"}],
    }
    deps.read_documents = lambda items: {p: (failed if p == "id_card_front" else FakeOcr()({p: d})[p])
                                         for p, d in items.items()}  # fmt: skip
    case = decide(make_case, deps, registration(applicant), id_card_images(applicant))
    assert case.status == "routed"
    codes = {r.code for r in case.reasons}
    assert "engine.error" in codes and "material.unreadable" not in codes
    assert all(r.action == "route" for r in case.reasons)
