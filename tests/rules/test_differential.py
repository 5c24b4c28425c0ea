"""durable-rules against the plain-Python reference evaluator of the same rule files, on
random cases: missing facts, nulls, wrong types, NaN, huge numbers, boundary values and
confidences around the threshold. The benchmark runs 100,000 of these
(``python benchmarks/rules_differential.py``); the suite runs a few thousand."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from approval.ruleset.evaluation import evaluate
from approval.ruleset.fact_search import random_facts
from approval.ruleset.reference_evaluator import reference_outcomes
from tests.rules.conftest import DAY

MATTERS = sorted(
    [
        "individual-business-registration",
        "sole-proprietorship-registration",
        "individual-business-change",
        "senior-allowance",
        "food-business-licence",
        "seal-engraving-filing",
        "tax-information-confirmation",
        "bank-account-appointment",
        "social-insurance-registration",
    ]
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(matter_code=st.sampled_from(MATTERS), seed=st.integers(0, 2**32 - 1))
def test_engine_agrees_with_reference_evaluator(book, worker, matter_code, seed):
    matter = book.matters[matter_code]
    facts = random_facts(matter, DAY, random.Random(seed))
    engine = evaluate(book, matter_code, facts, DAY, worker.fire, cross_check=False).outcomes()
    assert engine == reference_outcomes(matter, facts, DAY)
