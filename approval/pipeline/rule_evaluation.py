"""Rule evaluation: run the matter's rules on the facts and turn every rule that did not
pass into a reason. Undetermined rules route to a human, naming the field and document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from approval.pipeline.case_file import CaseFile, Reason
from approval.pipeline.reasons import reason
from approval.ruleset.facts import Outcome

Evaluate = Callable[[str, dict, Any], Any]


def _evidence_of(result: Any) -> tuple[str | None, str | None]:
    """The first field and document a rule's outcome rests on."""
    for name, fact in (getattr(result, "facts", None) or {}).items():
        evidence = (fact or {}).get("evidence") or []
        if evidence:
            return evidence[0].get("field"), evidence[0].get("source")
        return name, None
    return None, None


def run(case: CaseFile, evaluate: Evaluate) -> CaseFile:
    case.evaluation = evaluate(case.matter_code, case.facts, case.application_date)
    for result in case.evaluation.results:
        if result.outcome == Outcome.PASSED:
            continue
        field, source = _evidence_of(result)
        if result.outcome == Outcome.FAILED:
            case.add(
                Reason(
                    code=result.rule_id,
                    message=result.message_zh,
                    message_en=result.message_en,
                    action=result.on_fail,
                    field=field,
                    source=source,
                    rule_id=result.rule_id,
                )
            )
        else:
            case.add(
                reason(
                    "rule.undetermined",
                    code=f"{result.rule_id}.undetermined",
                    field=field,
                    source=source,
                    rule_id=result.rule_id,
                    title=result.title,
                    detail=result.detail,
                    detail_en=result.detail_en,
                )
            )
    return case
