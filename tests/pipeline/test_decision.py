"""Decision: approved only when every rule passed for an instant matter and nothing else was
said; any reason to return wins (undetermined reasons dropped); otherwise routed with a deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from approval.pipeline import decision
from approval.pipeline.case_file import RETURN, ROUTE, Reason
from approval.ruleset.evaluation import Evaluation, RuleResult
from approval.ruleset.facts import Outcome
from approval.working_days import CHINA
from tests.support import food_licence, new_person, registration

# Received on Monday 2026-11-23 10:00 in China.
RECEIVED = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


def evaluation(*outcomes: Outcome) -> Evaluation:
    results = [
        RuleResult(f"rule.{i}", f"rule {i}", outcome, "route", "信息", "message")
        for i, outcome in enumerate(outcomes)
    ]
    return Evaluation("m", "v", "d", RECEIVED.date(), {}, results)


def reason(code: str, action: str) -> Reason:
    return Reason(code=code, message=code, message_en=code, action=action, field="f")


@pytest.fixture
def ibr_case(make_case):
    return make_case(registration(new_person(1)), received_at=RECEIVED)


@pytest.fixture
def food_case(make_case):
    return make_case(food_licence(new_person(2), "92320614MA1XXXXX0X"), received_at=RECEIVED)


def test_every_rule_passed_is_approved(ibr_case):
    ibr_case.evaluation = evaluation(Outcome.PASSED, Outcome.PASSED)
    case = decision.run(ibr_case)
    assert case.status == "approved"
    assert case.reasons == []


@pytest.mark.parametrize("outcome", [Outcome.FAILED, Outcome.UNDETERMINED])
def test_one_rule_not_passed_is_not_approved(ibr_case, outcome):
    ibr_case.evaluation = evaluation(Outcome.PASSED, outcome, Outcome.PASSED)
    assert decision.run(ibr_case).status == "routed"


def test_no_evaluation_is_routed_with_a_reason(ibr_case):
    case = decision.run(ibr_case)
    assert case.status == "routed"
    assert [r.code for r in case.reasons] == ["engine.no_outcome"]


def test_an_evaluation_without_rules_is_not_an_approval(ibr_case):
    ibr_case.evaluation = evaluation()
    assert decision.run(ibr_case).status == "routed"


def test_all_passed_but_a_reason_recorded_is_routed(ibr_case):
    ibr_case.evaluation = evaluation(Outcome.PASSED)
    ibr_case.add(reason("material.photocopy", ROUTE))
    case = decision.run(ibr_case)
    assert case.status == "routed"
    assert [r.code for r in case.reasons] == ["material.photocopy"]


def test_routed_case_is_due_at_five_pm_china_time_after_the_promised_working_days(ibr_case, food_case):
    ibr_case.add(reason("applicant.adult", ROUTE))
    case = decision.run(ibr_case)
    # individual-business-registration promises 1 working day: Tuesday 17:00.
    assert case.due_by == dt.datetime(2026, 11, 24, 17, 0, tzinfo=CHINA)
    food_case.evaluation = evaluation(Outcome.PASSED)
    # food-business-licence promises 5 working days: Monday 30 November 17:00.
    assert decision.run(food_case).due_by == dt.datetime(2026, 11, 30, 17, 0, tzinfo=CHINA)


def test_any_reason_to_return_returns_and_drops_undetermined(ibr_case):
    ibr_case.evaluation = evaluation(Outcome.FAILED, Outcome.UNDETERMINED)
    ibr_case.add(reason("applicant.adult.undetermined", ROUTE))
    ibr_case.add(reason("id_card.name_matches", ROUTE))
    ibr_case.add(reason("material.missing", RETURN))
    ibr_case.add(reason("form.invalid", RETURN))
    case = decision.run(ibr_case)
    assert case.status == "returned"
    assert [r.code for r in case.reasons] == ["id_card.name_matches", "material.missing", "form.invalid"]


def test_non_instant_matter_is_routed_even_when_every_rule_passed(food_case):
    food_case.evaluation = evaluation(Outcome.PASSED, Outcome.PASSED)
    case = decision.run(food_case)
    assert case.status == "routed"
    assert [r.code for r in case.reasons] == ["matter.not_instant"]


def test_non_instant_reason_comes_first_then_the_rest(food_case):
    food_case.evaluation = evaluation(Outcome.FAILED)
    food_case.add(reason("register.entry_found", ROUTE))
    food_case.add(reason("id_card.name_matches", ROUTE))
    case = decision.run(food_case)
    assert case.status == "routed"
    assert [r.code for r in case.reasons] == [
        "matter.not_instant",
        "register.entry_found",
        "id_card.name_matches",
    ]


def test_non_instant_matter_with_something_to_fix_is_returned(food_case):
    food_case.add(reason("material.missing", RETURN))
    case = decision.run(food_case)
    assert case.status == "returned"
    assert [r.code for r in case.reasons] == ["matter.not_instant", "material.missing"]
