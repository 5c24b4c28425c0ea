"""Evaluates a matter's rules on a case's facts. Every rule ends with exactly one outcome.

Facts are checked in Python before the engine sees them: a fact that is missing, null,
of the wrong type or read with a confidence below the matter's threshold makes each rule
that uses it *undetermined*, naming the fact and where it came from. The engine is asked
for both *passed* and *failed*; anything but exactly one of them is *undetermined* too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from approval.ruleset.conditions import engine_name, param_field
from approval.ruleset.facts import Fact, Facts, Outcome
from approval.ruleset.reference_evaluator import reference_outcomes
from approval.ruleset.rulebook import MatterSpec, Rule, Rulebook, fill_message
from approval.ruleset.vocabulary import type_error

# fire(ruleset name, compiled rules, engine fact) -> names of the outcomes that fired,
# "<rule id>#passed" / "<rule id>#failed"; raises when the engine fails.
Fire = Callable[[str, dict[str, tuple[dict, dict]], dict[str, Any]], set[str]]
CASE_MARKER = "case__"


@dataclass
class RuleResult:
    rule_id: str
    title: str
    outcome: Outcome
    on_fail: str
    message_zh: str
    message_en: str
    detail: str = ""
    detail_en: str = ""
    facts: dict[str, dict] = field(default_factory=dict)
    params: dict[str, int | float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "outcome": str(self.outcome),
            "on_fail": self.on_fail,
            "detail": self.detail,
            "detail_en": self.detail_en,
            "facts": self.facts,
            "params": self.params,
        }


@dataclass
class Evaluation:
    matter: str
    version: str
    digest: str
    day: date
    params: dict[str, int | float]
    results: list[RuleResult]

    def outcomes(self) -> dict[str, Outcome]:
        return {r.rule_id: r.outcome for r in self.results}

    def to_dict(self) -> dict:
        return {
            "matter": self.matter,
            "version": self.version,
            "digest": self.digest,
            "day": self.day.isoformat(),
            "params": self.params,
            "results": [r.to_dict() for r in self.results],
        }


def fact_problem(fact: Fact | None, type_: str, min_confidence: float) -> tuple[str, str] | None:
    """Why a fact cannot be used (Chinese, English), or None when it can."""
    if fact is None:
        return "未取得", "not available"
    problem = type_error(fact.value, type_)
    if problem == "null":
        return "未能读取或推断", "could not be read or derived"
    if problem is not None:
        return f"类型不符（{problem}）", f"wrong type ({problem})"
    if fact.confidence is not None and not fact.confidence >= min_confidence:
        return (
            f"识别置信度 {fact.confidence:.2f} 低于 {min_confidence:.2f}",
            f"read with confidence {fact.confidence:.2f}, below {min_confidence:.2f}",
        )
    return None


def _where(name: str, fact: Fact | None) -> tuple[str, str]:
    if fact is None or not fact.evidence:
        return name, name
    ev = fact.evidence[0]
    return f"{name}（{ev.source} 的 {ev.field}）", f"{name} ({ev.field} from {ev.source})"


def evaluate(
    book: Rulebook, matter_code: str, facts: Facts, day: date, fire: Fire, *, cross_check: bool = True
) -> Evaluation:
    """Every rule's outcome. With ``cross_check`` (always, outside the differential tests)
    a rule on which the engine and the reference evaluator disagree is undetermined."""
    matter = book.matters[matter_code]
    params = matter.params_on(day)
    usable: dict[str, Any] = {}
    problems: dict[str, tuple[str, str]] = {}
    for rule in matter.rules:
        for name in rule.facts:
            if name in usable or name in problems:
                continue
            problem = fact_problem(facts.get(name), matter.fact_types[name].type, matter.min_confidence)
            if problem is None:
                usable[name] = facts[name].value
            else:
                problems[name] = problem

    pending = [r for r in matter.rules if _blockers(r, problems, params) == []]
    fired: set[str] | None = set()
    engine_error = ""
    if pending:
        engine_fact = {engine_name(n): v for n, v in usable.items()}
        engine_fact.update({param_field(p): v for p, v in params.items()})
        engine_fact[CASE_MARKER] = 1
        compiled = book.compiled(matter_code)
        try:
            fired = fire(book.ruleset_name(matter_code), compiled, engine_fact)
        except Exception as exc:  # noqa: BLE001 - whatever the engine did, the rules are unknown
            fired, engine_error = None, f"{type(exc).__name__}: {exc}"[:300]

    results = [_result(rule, matter, facts, params, problems, fired, engine_error) for rule in matter.rules]
    if cross_check:
        _second_opinion(results, reference_outcomes(matter, facts, day))
    return Evaluation(matter_code, book.version, book.digest, day, params, results)


def _second_opinion(results: list[RuleResult], reference: dict[str, Outcome]) -> None:
    """Where the engine and the plain-Python reference disagree, nobody knows: undetermined."""
    for result in results:
        expected = reference.get(result.rule_id)
        if result.outcome != Outcome.UNDETERMINED and result.outcome != expected:
            result.detail = f"规则引擎与参照实现结论不一致（{result.outcome} / {expected}）"
            result.detail_en = (
                f"the engine and the reference evaluator disagree ({result.outcome} / {expected})"
            )
            result.outcome = Outcome.UNDETERMINED


def _blockers(rule: Rule, problems: dict, params: dict) -> list[str]:
    return [n for n in rule.facts if n in problems] + [f"param.{p}" for p in rule.params if p not in params]


def _result(
    rule: Rule,
    matter: MatterSpec,
    facts: Facts,
    params: dict,
    problems: dict[str, tuple[str, str]],
    fired: set[str] | None,
    engine_error: str,
) -> RuleResult:
    blockers = _blockers(rule, problems, params)
    # The facts that blocked the rule come first: they are what a reviewer must check.
    ordered = sorted(rule.facts, key=lambda n: n not in problems)
    result = RuleResult(
        rule_id=rule.id,
        title=rule.spec.title,
        outcome=Outcome.UNDETERMINED,
        on_fail=rule.spec.on_fail,
        message_zh=fill_message(rule.spec.message.zh, params),
        message_en=fill_message(rule.spec.message.en, params),
        facts={n: _fact_dict(facts.get(n)) for n in ordered},
        params={p: params[p] for p in rule.params if p in params},
    )
    if blockers:
        zh, en = [], []
        for name in blockers:
            if name.startswith("param."):
                zh.append(f"参数 {name[6:]} 在申请日无有效值")
                en.append(f"parameter {name[6:]} has no value in force on the application date")
                continue
            where_zh, where_en = _where(name, facts.get(name))
            zh.append(f"{where_zh}{problems[name][0]}")
            en.append(f"{where_en} {problems[name][1]}")
        result.detail, result.detail_en = "；".join(zh), "; ".join(en)
        return result
    if fired is None:
        result.detail = "规则引擎出错"
        result.detail_en = f"the rule engine failed ({engine_error})"
        return result
    passed, failed = f"{rule.id}#passed" in fired, f"{rule.id}#failed" in fired
    if passed and not failed:
        result.outcome = Outcome.PASSED
    elif failed and not passed:
        result.outcome = Outcome.FAILED
    else:
        result.detail = "规则引擎未给出唯一结论"
        result.detail_en = (
            "the engine gave no single outcome" if not passed else "the engine gave both outcomes"
        )
    return result


def _fact_dict(fact: Fact | None) -> dict:
    return fact.to_dict() if fact is not None else {"value": None, "confidence": None, "evidence": []}
