"""A reviewer's override becomes a sample for rule authors, with no personal data in it."""

from __future__ import annotations

import json

from approval.rule_testing import load_case
from approval.use_cases import claim_task, decide_task, submit_case
from devtools.capture_case import capture
from tests.support import authenticate_new, id_card_documents, new_person, registration


def test_an_override_is_captured_as_a_sample_with_synthetic_people(service, tmp_path):
    portal, reviewer = authenticate_new(service, "portal"), authenticate_new(service, "reviewer")
    minor = new_person(977, age=17, name="欧阳娜娜")
    case_id = submit_case(service, portal, registration(minor), id_card_documents(minor))[0]["case_id"]
    claim_task(service, reviewer, case_id)
    decide_task(service, reviewer, case_id, "approve", "法定代理人已到场同意")

    folder = capture(service, case_id, tmp_path)

    sample = load_case(folder)
    assert sample.expect["status"] == "approved"  # what the reviewer decided, not the rules
    applicant = sample.body["applicant"]
    assert applicant["name"] != minor.name and applicant["id_number"] != minor.id_number
    assert applicant["id_number"][6:14] == minor.id_number[6:14]  # the same birth date: the same age
    assert applicant["phone"] == "13800000000"
    assert {d.part for d in sample.documents} == {"id_card_front", "id_card_back"}
    every_byte = b"".join(p.read_bytes() for p in folder.iterdir())
    assert minor.id_number.encode() not in every_byte and minor.name.encode() not in every_byte
    note = json.loads((folder / "case.json").read_text(encoding="utf-8"))["note"]
    assert "the rules said routed, the decision was approved" in note
