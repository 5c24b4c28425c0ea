"""Every rule in the rule files passes, fails and is undetermined when it should, through
the real engine in its worker process; and no missing, null, mistyped or badly read fact
can ever lead to an approval. The cases are derived from the rules themselves, so a rule
an author adds is covered without a new test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from approval.pipeline import decision, rule_evaluation
from approval.pipeline.case_file import CaseFile
from approval.ruleset import load_rulebook
from approval.ruleset.fact_search import as_facts, assignment, eligible_values
from approval.ruleset.facts import Fact, Outcome
from approval.ruleset.rulebook import fill_message
from approval.settings import REPO_ROOT
from tests.rules.conftest import DAY

BOOK = load_rulebook(REPO_ROOT / "rules")
RULES = [(m.code, r.id) for m in BOOK.matters.values() for r in m.rules]
FACT_USES = [(m.code, r.id, f) for m in BOOK.matters.values() for r in m.rules for f in r.facts]


def decide(book, worker, matter_code: str, facts) -> CaseFile:
    case = CaseFile("t", matter_code, {}, {}, datetime(2026, 11, 23, 2, tzinfo=UTC))
    case.matter = book.matters[matter_code]
    case.facts = facts
    rule_evaluation.run(case, lambda m, f, d: worker.evaluate(book, m, f, DAY))
    return decision.run(case)


def test_eligible_values_pass_every_rule(book, worker):
    for matter in book.matters.values():
        case = decide(book, worker, matter.code, as_facts(eligible_values(matter, DAY)))
        assert {r.outcome for r in case.evaluation.results} == {Outcome.PASSED}, matter.code
        assert case.status == ("approved" if matter.instant_approval else "routed")


@pytest.mark.parametrize(("matter_code", "rule_id"), RULES)
def test_rule_fails_with_its_own_reason(book, worker, matter_code, rule_id):
    matter = book.matters[matter_code]
    rule = next(r for r in matter.rules if r.id == rule_id)
    values = eligible_values(matter, DAY)
    failing = assignment(matter, rule, DAY, False, {})
    assert failing is not None, f"{rule_id} can never fail"
    case = decide(book, worker, matter_code, as_facts({**values, **failing}))
    outcomes = case.evaluation.outcomes()
    assert outcomes[rule_id] == Outcome.FAILED
    assert case.status != "approved"
    reason = next(r for r in case.reasons if r.code == rule_id)
    assert reason.action == rule.spec.on_fail
    assert reason.message == fill_message(rule.spec.message.zh, matter.params_on(DAY))
    assert "{" not in reason.message  # every placeholder filled
    expected = "returned" if rule.spec.on_fail == "return" else "routed"
    if all(o == Outcome.PASSED for rid, o in outcomes.items() if rid != rule_id):
        assert case.status == expected


@pytest.mark.parametrize(("matter_code", "rule_id", "fact"), FACT_USES)
@pytest.mark.parametrize("spoil", ["missing", "null", "wrong_type", "low_confidence"])
def test_any_unusable_fact_makes_its_rule_undetermined_and_blocks_approval(
    book, worker, matter_code, rule_id, fact, spoil
):
    matter = book.matters[matter_code]
    facts = as_facts(eligible_values(matter, DAY))
    good = facts[fact]
    if spoil == "missing":
        del facts[fact]
    elif spoil == "null":
        facts[fact] = Fact(None, good.confidence, good.evidence)
    elif spoil == "wrong_type":
        facts[fact] = Fact("yes" if not isinstance(good.value, str) else 1, good.confidence, good.evidence)
    else:
        facts[fact] = Fact(good.value, matter.min_confidence - 0.01, good.evidence)
    case = decide(book, worker, matter_code, facts)
    assert case.evaluation.outcomes()[rule_id] == Outcome.UNDETERMINED
    assert case.status in ("routed", "returned")
    reason = next(r for r in case.reasons if r.code == f"{rule_id}.undetermined")
    assert reason.action == "route"
    assert fact in reason.message_en
    if spoil != "missing":
        # The reviewer is told which document and field the doubt comes from.
        assert reason.source == "document:test"


def test_undetermined_reason_names_the_document_and_field(book, worker):
    matter = book.matters["individual-business-registration"]
    facts = as_facts(eligible_values(matter, DAY))
    facts["id_card.valid_on_application_date"] = Fact(None, None, ())
    from approval.ruleset.facts import Evidence

    facts["applicant.name_matches_id_card"] = Fact(
        True, 0.62, (Evidence("document:id_card_front", "name", 0.62),)
    )
    case = decide(book, worker, matter.code, facts)
    reason = next(r for r in case.reasons if r.code == "id_card.name_matches.undetermined")
    assert (reason.source, reason.field) == ("document:id_card_front", "name")
    assert "0.62" in reason.message and "0.90" in reason.message
    assert case.status == "routed"
