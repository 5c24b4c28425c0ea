"""Decision: approved only when every rule passed on confident evidence for an instant
matter and nothing else was said; otherwise returned (the applicant can fix it) or routed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from approval.pipeline.case_file import RETURN, CaseFile
from approval.pipeline.reasons import reason
from approval.ruleset.facts import Outcome
from approval.working_days import due_by

NOT_INSTANT = reason("matter.not_instant")


def review_due(matter: Any, received_at: datetime) -> datetime:
    """When a reviewer must have decided: the matter's promised working days (5 if unknown)."""
    limits = getattr(matter, "time_limits", None)
    return due_by(received_at, int(getattr(limits, "promised_working_days", None) or 5))


def everything_passed(case: CaseFile) -> bool:
    evaluation = case.evaluation
    if evaluation is None or not evaluation.results:
        return False
    return all(result.outcome == Outcome.PASSED for result in evaluation.results)


def run(case: CaseFile) -> CaseFile:
    if case.matter is not None and not case.matter.instant_approval:
        # The reviewer sees this reason first, then everything else the rules found.
        case.reasons = [NOT_INSTANT, *[r for r in case.reasons if r != NOT_INSTANT]]
    if any(r.action == RETURN for r in case.reasons):
        case.status = "returned"
        # Undetermined rules are re-run on resubmission; the applicant is told what to fix.
        case.reasons = [r for r in case.reasons if not r.code.endswith(".undetermined")]
    elif case.reasons or not everything_passed(case):
        case.status = "routed"
        if not case.reasons:
            # Fail safe: no reason recorded yet nothing proved eligibility.
            case.add(reason("engine.no_outcome"))
        case.due_by = review_due(case.matter, case.clock_from or case.received_at)
    else:
        case.status = "approved"
    return case
