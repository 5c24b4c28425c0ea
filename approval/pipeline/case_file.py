"""The one object that flows through the decision pipeline, stage after stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from approval.ruleset.facts import Facts
from approval.working_days import china_today

ROUTE = "route"
RETURN = "return"
REVOKE = "revoke"  # a registration revoked after a check (事后监管): nothing the applicant can fix


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    message_en: str
    action: str  # ROUTE or RETURN
    field: str | None = None
    source: str | None = None
    rule_id: str | None = None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "message_en": self.message_en,
            "action": self.action,
            "field": self.field,
            "source": self.source,
            "rule_id": self.rule_id,
        }


@dataclass(frozen=True)
class Retake:
    """A capture problem (``reason``) on material ``part`` that left ``fields`` poorly read: the
    applicant is asked for a new photo only if a fact the rules need was lost with them."""

    part: str
    fields: tuple[str, ...]
    reason: Reason


@dataclass
class CaseFile:
    case_id: str
    matter_code: str
    submission: dict
    documents: dict[str, bytes]
    received_at: datetime
    matter: Any = None  # approval.ruleset MatterSpec, set by intake
    reasons: list[Reason] = field(default_factory=list)
    readings: dict[str, dict] = field(default_factory=dict)
    retakes: list[Retake] = field(default_factory=list)
    facts: Facts = field(default_factory=dict)
    evaluation: Any = None  # approval.ruleset Evaluation, set by rule_evaluation
    status: str | None = None
    due_by: datetime | None = None
    result: dict | None = None
    stage_log: list[dict] = field(default_factory=list)
    # Where the time limit counts from, when not from receipt (a resubmitted case).
    clock_from: datetime | None = None

    @property
    def materials(self) -> dict[str, str]:
        """This case's materials (part → document kind), per-person ones expanded."""
        return self.matter.materials_for(self.submission)

    @property
    def application_date(self) -> date:
        """Rules are judged on the date of receipt in China Standard Time."""
        return china_today(self.received_at)

    def add(self, reason: Reason) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)
