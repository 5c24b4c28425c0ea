"""The vocabulary rule authors choose from and the facts the evidence stage computes are the
same set: no declared fact that nothing produces (a rule on it would be undetermined forever),
no produced fact that is not declared (a rule author could not use it)."""

from __future__ import annotations

import datetime as dt

from approval.evidence import build_facts
from approval.reference_data import InMemoryReferenceData
from approval.ruleset.vocabulary import FACTS, form_facts
from tests.support import company, new_person, registration


def produced_facts(book) -> dict[str, set[str]]:  # noqa: ANN001
    """The facts build_facts gives for each matter, on a submission of that matter."""
    person = new_person(41, age=40)
    out = {}
    for matter in book.matters.values():
        body = company([person]) if matter.code == "company-registration" else {
            **registration(person), "matter": matter.code
        }  # fmt: skip
        facts = build_facts(
            matter, body, {}, dt.date(2026, 11, 23), InMemoryReferenceData(), "320614", book.catalogues
        )
        out[matter.code] = set(facts)
    return out


def test_every_declared_fact_is_produced_and_every_produced_fact_is_declared(book):
    produced = produced_facts(book)
    for matter in book.matters.values():
        declared_for_matter = set(FACTS) | set(form_facts(matter.file.form))
        undeclared = produced[matter.code] - declared_for_matter
        assert undeclared == set(), (matter.code, undeclared)
    everything = set().union(*produced.values())
    assert set(FACTS) - everything == set()


def test_every_fact_a_rule_uses_is_produced_for_its_matter(book):
    produced = produced_facts(book)
    for matter in book.matters.values():
        used = {fact for rule in matter.rules for fact in rule.facts}
        assert used - produced[matter.code] == set(), matter.code
