"""Names judged as a registrar judges them: real-pattern names of every entity type, each
with what the rules say should happen (tests/rules/data/business_names.yaml), through the
matter's own rule files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from approval.business_names import NOT_GIVEN, check_name, grammar_for, name_key
from approval.evidence.business import proposed_name_facts
from approval.evidence.sources import Inputs
from approval.reference_data import InMemoryReferenceData, RegisterEntry
from approval.ruleset.facts import Outcome
from approval.ruleset.reference_evaluator import reference_outcomes
from tests.rules.conftest import DAY

CASES = yaml.safe_load((Path(__file__).parent / "data" / "business_names.yaml").read_text("utf-8"))
MATTERS = {
    "individual_business": ("individual-business-registration", "business_name"),
    "sole_proprietorship": ("sole-proprietorship-registration", "enterprise_name"),
    "company": ("company-registration", "company_name"),
}
HAIMEN = "320614"


def name_outcomes(book, entity: str, name: str, reference=None) -> dict[str, tuple[Outcome, str]]:
    """Each name rule of the entity's matter: its outcome and what failing it does."""
    matter_code, field = MATTERS[entity]
    if matter_code not in book.matters:
        pytest.skip(f"{matter_code} is not in the ruleset yet")
    matter = book.matters[matter_code]
    inputs = Inputs({"form": {field: name}}, {}, {})
    place = book.catalogues["jurisdictions"][HAIMEN]
    facts = proposed_name_facts(
        inputs, book.catalogues, place, reference or InMemoryReferenceData(), matter_code
    )
    rules = [r for r in matter.rules if r.id.startswith("name.")]
    outcomes = reference_outcomes(matter, facts, DAY)
    return {r.id: (outcomes[r.id], r.spec.on_fail) for r in rules}


def _cases(kind: str):
    return [
        pytest.param(entity, case, id=f"{entity}-{case if isinstance(case, str) else case['name']}")
        for entity, groups in CASES.items()
        for case in groups.get(kind, ())
    ]


def test_the_corpus_has_sixty_names_per_entity_type():
    for entity, groups in CASES.items():
        assert sum(len(v) for v in groups.values()) >= 60, entity


@pytest.mark.parametrize(("entity", "name"), _cases("accept"))
def test_names_a_registrar_accepts_pass_every_name_rule(book, entity, name):
    failing = {r: o for r, (o, _) in name_outcomes(book, entity, name).items() if o != Outcome.PASSED}
    assert failing == {}


@pytest.mark.parametrize(("entity", "case"), _cases("return"))
def test_definite_violations_are_returned_by_the_rule_that_says_what_to_change(book, entity, case):
    outcomes = name_outcomes(book, entity, case["name"])
    outcome, on_fail = outcomes[case["rule"]]
    assert (outcome, on_fail) == (Outcome.FAILED, "return")


@pytest.mark.parametrize(("entity", "case"), _cases("route"))
def test_names_the_checker_cannot_parse_go_to_a_reviewer_not_back(book, entity, case):
    outcomes = name_outcomes(book, entity, case["name"])
    returned = [r for r, (o, f) in outcomes.items() if o == Outcome.FAILED and f == "return"]
    assert returned == []
    assert outcomes["name.structure"] == (Outcome.FAILED, "route")


def test_one_normalisation_for_every_comparison():
    assert name_key("海门区瑞诚达经营部（个人独资）") == name_key("海门区瑞诚达经营部(个人独资)")
    assert name_key("海门区 瑞诚达 经营部【个人独资】") == name_key("海门区瑞诚达经营部（个人独资）")
    assert name_key("海门区瑞诚达经营部") != name_key("海门区瑞诚达经营部（个人独资）")


def test_a_registered_name_is_taken_in_any_bracket_width(book):
    register = InMemoryReferenceData(
        [
            RegisterEntry(
                "91320614MA1234567X",
                "海门区瑞诚达办公用品经营部（个人独资）",
                "某",
                "1",
                "sole-proprietorship",
            )
        ]
    )
    outcomes = name_outcomes(book, "sole_proprietorship", "海门区瑞诚达办公用品经营部(个人独资)", register)
    assert outcomes["name.not_taken"] == (Outcome.FAILED, "return")
    other = name_outcomes(book, "sole_proprietorship", "海门区瑞诚达办公用品经营部", register)
    assert other["name.not_taken"][0] == Outcome.PASSED


def test_the_parts_of_a_name(book):
    place = book.catalogues["jurisdictions"][HAIMEN]
    grammar = grammar_for("company", book.catalogues["names"], book.catalogues["business_scope"], place)
    parts = check_name("瑞诚达（海门）商贸有限公司", grammar).parts
    assert (parts.division, parts.trade_name, parts.industry, parts.form) == (
        "海门",
        "瑞诚达",
        "商贸",
        "有限公司",
    )
    sole = grammar_for(
        "sole_proprietorship", book.catalogues["names"], book.catalogues["business_scope"], place
    )
    parts = check_name("海门区瑞诚达办公用品经营部（个人独资）", sole).parts
    assert (parts.trade_name, parts.industry, parts.form, parts.suffix) == (
        "瑞诚达",
        "办公用品",
        "经营部",
        "(个人独资)",
    )
    assert check_name("  ", sole).structure == NOT_GIVEN


def test_industry_words_come_from_the_scope_catalogue_too(book):
    """An author who adds a scope item gets its industry word without touching names.yaml."""
    place = book.catalogues["jurisdictions"][HAIMEN]
    names = book.catalogues["names"]
    scope = {"general": [*book.catalogues["business_scope"]["general"], "无人机租赁"]}
    grammar = grammar_for("individual_business", names, scope, place)
    assert check_name("海门区翱翔无人机店", grammar).structure == "valid"
    plain = grammar_for("individual_business", names, book.catalogues["business_scope"], place)
    assert check_name("海门区翱翔无人机店", plain).structure == "unclear"
