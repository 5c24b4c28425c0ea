"""A plain-Python evaluator of the same rule files: the oracle durable-rules is checked
against (``tests/rules/test_differential.py``, ``benchmarks/rules_differential.py``), and a
second opinion at run time: a rule passes only when both agree that it passed.

Written separately from ``evaluation.py`` on purpose (its own usability checks), so that a
mistake in one is caught by the other.
"""

from __future__ import annotations

import math
from datetime import date

from approval.ruleset.conditions import holds
from approval.ruleset.facts import Facts, Outcome
from approval.ruleset.rulebook import MatterSpec
from approval.ruleset.vocabulary import INT_LIMIT, TINY


def _usable(value: object, type_: str) -> bool:
    if type_ == "bool":
        return type(value) is bool
    if type_ == "str":
        return type(value) is str
    if type(value) is int:
        return -INT_LIMIT < value < INT_LIMIT
    if type_ == "number" and type(value) is float:
        in_range = math.isfinite(value) and -INT_LIMIT < value < INT_LIMIT
        return in_range and (value == 0 or abs(value) >= TINY)
    return False


def reference_outcomes(matter: MatterSpec, facts: Facts, day: date) -> dict[str, Outcome]:
    params = matter.params_on(day)
    out: dict[str, Outcome] = {}
    for rule in matter.rules:
        values = {}
        determined = all(p in params for p in rule.params)
        for name in rule.facts:
            fact = facts.get(name)
            usable = fact is not None and _usable(fact.value, matter.fact_types[name].type)
            # NaN or missing confidence on a read value is as bad as a low one.
            if usable and fact.confidence is not None and not fact.confidence >= matter.min_confidence:
                usable = False
            if usable:
                values[name] = fact.value
            else:
                determined = False
        if not determined:
            out[rule.id] = Outcome.UNDETERMINED
        else:
            out[rule.id] = Outcome.PASSED if holds(rule.condition, values, params) else Outcome.FAILED
    return out
