"""Finding fact values that make a rule pass or fail, from the rule itself.

Used to test every rule in the files, including ones authors add later, without a
hand-written case per rule: candidates are the booleans, the enumerated values, and the
numbers at and around every constant and parameter the rules mention.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from approval.ruleset.conditions import holds, leaves
from approval.ruleset.facts import Evidence, Fact, Facts
from approval.ruleset.rulebook import MatterSpec, Rule


def candidates(matter: MatterSpec, fact: str, params: dict[str, Any]) -> list[Any]:
    fact_type = matter.fact_types[fact]
    if fact_type.type == "bool":
        return [True, False]
    constants: list[Any] = []
    for rule in matter.rules:
        for leaf in leaves(rule.condition):
            if leaf.fact != fact:
                continue
            if leaf.param:
                constants.append(params[leaf.param])
            elif isinstance(leaf.value, tuple):
                constants.extend(leaf.value)
            else:
                constants.append(leaf.value)
    if fact_type.type == "str":
        return list(dict.fromkeys([*constants, *fact_type.values, "其他"]))
    numbers = {0, 1}
    for c in constants:
        numbers.update({c - 1, c, c + 1})
    return sorted(numbers)


def assignment(matter: MatterSpec, rule: Rule, day: date, want: bool, fixed: dict[str, Any]) -> dict | None:
    """Values for the rule's facts (keeping ``fixed`` ones) under which it holds == ``want``."""
    params = matter.params_on(day)
    free = [f for f in rule.facts if f not in fixed]
    options = [candidates(matter, f, params) for f in free]
    for combo in itertools.product(*options):
        values = {**fixed, **dict(zip(free, combo, strict=True))}
        if holds(rule.condition, values, params) == want:
            return {f: values[f] for f in rule.facts}
    return None


def eligible_values(matter: MatterSpec, day: date) -> dict[str, Any]:
    """Fact values under which every rule of the matter passes."""
    values: dict[str, Any] = {}
    for rule in matter.rules:
        found = assignment(matter, rule, day, True, {f: values[f] for f in rule.facts if f in values})
        if found is None:
            raise ValueError(f"no values make rule {rule.id} pass together with the earlier rules")
        values.update(found)
    return values


def as_facts(values: dict[str, Any], confidence: float | None = 0.99) -> Facts:
    return {
        name: Fact(value, confidence, (Evidence("document:test", name.split(".")[-1], confidence),))
        for name, value in values.items()
    }


# Values of the wrong kind for any fact type, and edge values of the right kind.
ODD_VALUES: tuple[Any, ...] = (
    None, "", "true", 0, 1, -1, 0.5, float("nan"), float("inf"), [], {}, True, False,
    2**31, -(2**31), 2**53 + 1, "\u0000", "长期",
)  # fmt: skip


def random_facts(matter: MatterSpec, day: date, rng: Any) -> Facts:
    """A random case for the differential test: each fact used by a rule is missing, odd
    (null, wrong type, edge value) or a candidate value, with a random confidence."""
    params = matter.params_on(day)
    facts: Facts = {}
    threshold = matter.min_confidence
    confidences = (None, None, 0.99, 1.0, threshold, threshold - 1e-9, 0.0, float("nan"), 0.5)
    for name in {f for rule in matter.rules for f in rule.facts}:
        roll = rng.random()
        if roll < 0.1:
            continue
        if roll < 0.3:
            value = rng.choice(ODD_VALUES)
        else:
            options = candidates(matter, name, params)
            value = rng.choice(options)
            if isinstance(value, int | float) and not isinstance(value, bool) and rng.random() < 0.2:
                value = value + rng.choice((0.5, -0.5, 1e-9))
        facts[name] = Fact(value, rng.choice(confidences), (Evidence("document:random", name),))
    return facts
