"""Rule conditions: the tree authors write, its negation, a plain-Python evaluation (the
reference the engine is checked against) and its compilation to durable-rules JSON.

A condition is a leaf ``{fact, op, value}`` or ``{fact, op, param}``, or ``all``/``any``
of conditions, or ``not`` of one. Nothing here ever evaluates rule text as code.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
MEMBERSHIP = ("in", "not in")
OPS = (*COMPARISONS, *MEMBERSHIP)
ORDERING = ("<", "<=", ">", ">=")
NEGATED_OP = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    ">=": "<",
    ">": "<=",
    "<=": ">",
    "in": "not in",
    "not in": "in",
}
DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
PARAM_PREFIX = "param."


@dataclass(frozen=True)
class Leaf:
    fact: str
    op: str
    value: Any = None
    param: str | None = None


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Leaf | AllOf | AnyOf | Not


def leaves(cond: Condition) -> list[Leaf]:
    if isinstance(cond, Leaf):
        return [cond]
    if isinstance(cond, Not):
        return leaves(cond.item)
    return [leaf for item in cond.items for leaf in leaves(item)]


def facts_used(cond: Condition) -> list[str]:
    """Every fact the condition reads, in order of first use."""
    return list(dict.fromkeys(leaf.fact for leaf in leaves(cond)))


def params_used(cond: Condition) -> list[str]:
    return list(dict.fromkeys(leaf.param for leaf in leaves(cond) if leaf.param))


def negate(cond: Condition) -> Condition:
    """The condition's negation with ``not`` pushed down to the leaves (De Morgan), so the
    engine only ever sees comparisons it supports."""
    if isinstance(cond, Leaf):
        return Leaf(cond.fact, NEGATED_OP[cond.op], cond.value, cond.param)
    if isinstance(cond, Not):
        return push_not(cond.item)
    if isinstance(cond, AllOf):
        return AnyOf(tuple(negate(item) for item in cond.items))
    return AllOf(tuple(negate(item) for item in cond.items))


def push_not(cond: Condition) -> Condition:
    """The same condition without any ``Not`` node."""
    if isinstance(cond, Leaf):
        return cond
    if isinstance(cond, Not):
        return negate(cond.item)
    if isinstance(cond, AllOf):
        return AllOf(tuple(push_not(item) for item in cond.items))
    return AnyOf(tuple(push_not(item) for item in cond.items))


# -- the reference evaluation ------------------------------------------------------------------
def holds(cond: Condition, values: dict[str, Any], params: dict[str, Any]) -> bool:
    """Plain-Python truth of ``cond``; every fact and parameter it uses must be in the maps."""
    if isinstance(cond, Leaf):
        left = values[cond.fact]
        right = params[cond.param] if cond.param else cond.value
        if cond.op == "in":
            return any(left == v for v in right)
        if cond.op == "not in":
            return all(left != v for v in right)
        return COMPARISONS[cond.op](left, right)
    if isinstance(cond, Not):
        return not holds(cond.item, values, params)
    if isinstance(cond, AllOf):
        return all(holds(item, values, params) for item in cond.items)
    return any(holds(item, values, params) for item in cond.items)


# -- compilation to durable-rules --------------------------------------------------------------
def engine_name(name: str) -> str:
    """Fact and parameter names as engine field names (durable-rules reads dots as paths)."""
    return name.replace(".", "__")


def param_field(param: str) -> str:
    return engine_name(PARAM_PREFIX + param)


def _compile_leaf(leaf: Leaf) -> dict:
    field = engine_name(leaf.fact)
    if leaf.op in MEMBERSHIP:
        if leaf.op == "in":
            return {"$or": [{field: v} for v in leaf.value]}
        return {"$and": [{"$neq": {field: v}} for v in leaf.value]}
    right = {"$m": param_field(leaf.param)} if leaf.param else leaf.value
    if leaf.op == "==":
        return {field: right}
    return {DURABLE_OP[leaf.op]: {field: right}}


def _compile(cond: Condition) -> dict:
    if isinstance(cond, Leaf):
        return _compile_leaf(cond)
    if isinstance(cond, Not):
        return _compile(negate(cond.item))
    key = "$and" if isinstance(cond, AllOf) else "$or"
    return {key: [_compile(item) for item in cond.items]}


def compile_outcomes(cond: Condition) -> tuple[dict, dict]:
    """The durable-rules match expressions for *passed* and *failed*. Both also require
    every fact and parameter they use to be present, so a missing one fires neither."""
    present = [{"$ex": {engine_name(f): 1}} for f in facts_used(cond)]
    present += [{"$ex": {param_field(p): 1}} for p in params_used(cond)]
    passed = {"$and": [_compile(push_not(cond)), *present]}
    failed = {"$and": [_compile(negate(cond)), *present]}
    return passed, failed
