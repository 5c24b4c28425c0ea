"""The one typed decision record: what recording stores, dry-run answers and replay reads.
A decision stored by the code of 2026-11-29 (tests/data) must load for as long as the
service runs, and write back unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from approval.decision_record import DecisionRecord
from approval.pipeline import runner
from tests.support import id_card_images, new_person, registration

STORED = json.loads(
    (Path(__file__).parents[1] / "data" / "stored_decision_2026_11_29.json").read_text("utf-8")
)


def load_stored() -> DecisionRecord:
    return DecisionRecord.load(
        STORED["trace"],
        status=STORED["status"],
        reasons=STORED["reasons"],
        ruleset_version=STORED["ruleset_version"],
        ruleset_digest=STORED["ruleset_digest"],
    )


def test_a_decision_stored_on_2026_11_29_still_loads():
    record = load_stored()
    assert record.status == "routed"
    assert [r.code for r in record.reasons] == ["applicant.adult"]
    assert record.outcomes()["applicant.adult"] == "failed"
    assert record.as_of is not None and record.params["min_age"] == 18
    age = record.fact_values()["applicant.age"]
    assert age.value == 17 and age.evidence[0].source == "applicant"
    assert [s.stage for s in record.stages][:3] == ["intake", "materials_check", "document_reading"]
    assert record.ruleset_digest == STORED["ruleset_digest"]


def test_the_stored_layout_is_written_back_unchanged():
    assert load_stored().trace() == STORED["trace"]


def test_a_decided_case_round_trips(make_case, deps):
    person = new_person(77, age=40)
    case = runner.decide(make_case(registration(person), id_card_images(person), with_matter=False), deps)
    record = DecisionRecord.from_case(case)
    again = DecisionRecord.load(
        record.trace(), status=case.status, reasons=[r.to_dict() for r in case.reasons]
    )
    assert again.model_dump(exclude={"due_by", "ruleset_version", "ruleset_digest"}) == record.model_dump(
        exclude={"due_by", "ruleset_version", "ruleset_digest"}
    )
    assert again.ruleset_digest == record.ruleset_digest == deps.rulebook.digest
    assert record.status == "approved" and isinstance(record.as_of, date)
    assert set(record.outcomes().values()) == {"passed"}
