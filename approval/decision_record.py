"""One typed record of a decision: its status and reasons, every stage, every fact with its
provenance, every rule's outcome, the ruleset version and digest, the as-of date and the due
time. Recording, dry-run, replay and impact all go through it.

It is stored as the ``trace`` list decisions have always been stored as (stage entries, a
``facts`` entry, an ``evaluation`` entry, then one entry per rule), so ``DecisionRecord.load``
reads every decision ever stored; ``trace()`` writes that layout back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from approval.ruleset.facts import Evidence, Fact

STORAGE_LAYOUT = 1  # the trace list; a new layout gets a new reader beside this one


class EvidenceRecord(BaseModel):
    source: str
    field: str
    confidence: float | None = None


class FactRecord(BaseModel):
    value: Any = None
    confidence: float | None = None
    evidence: list[EvidenceRecord] = Field(default_factory=list)

    @classmethod
    def of(cls, fact: Fact) -> FactRecord:
        return cls.model_validate(fact.to_dict())

    def fact(self) -> Fact:
        evidence = tuple(Evidence(e.source, e.field, e.confidence) for e in self.evidence)
        return Fact(self.value, self.confidence, evidence)


class StageRecord(BaseModel):
    stage: str
    ok: bool
    error: str | None = None


class RuleRecord(BaseModel):
    rule: str
    outcome: str
    title: str = ""
    on_fail: str = ""
    detail: str = ""
    detail_en: str = ""
    facts: dict[str, FactRecord | None] = Field(default_factory=dict)
    params: dict[str, int | float] = Field(default_factory=dict)


class ReasonRecord(BaseModel):
    code: str
    message: str
    message_en: str = ""
    action: str
    field: str | None = None
    source: str | None = None
    rule_id: str | None = None


class DecisionRecord(BaseModel):
    status: str | None = None
    reasons: list[ReasonRecord] = Field(default_factory=list)
    stages: list[StageRecord] = Field(default_factory=list)
    facts: dict[str, FactRecord] = Field(default_factory=dict)
    as_of: date | None = None  # the application date the rules were judged on
    params: dict[str, int | float] = Field(default_factory=dict)
    ruleset_version: str | None = None
    ruleset_digest: str | None = None
    rules: list[RuleRecord] = Field(default_factory=list)
    due_by: datetime | None = None

    # -- from a decided case ----------------------------------------------------------------------
    @classmethod
    def from_case(cls, case: Any) -> DecisionRecord:
        """``case`` is an ``approval.pipeline.case_file.CaseFile`` after the pipeline ran."""
        evaluation = case.evaluation
        return cls(
            status=case.status,
            reasons=[ReasonRecord.model_validate(r.to_dict()) for r in case.reasons],
            stages=[StageRecord.model_validate(s) for s in case.stage_log],
            # Every fact, not only those the rules used: replay and audits need the whole picture.
            facts={n: FactRecord.of(f) for n, f in case.facts.items()},
            as_of=evaluation.day if evaluation is not None else None,
            params=dict(evaluation.params) if evaluation is not None else {},
            ruleset_version=evaluation.version if evaluation is not None else None,
            ruleset_digest=evaluation.digest if evaluation is not None else None,
            rules=[_rule_record(r) for r in evaluation.results] if evaluation is not None else [],
            due_by=case.due_by,
        )

    @classmethod
    def of_decided_case(cls, case: Any, rulebook_version: str, rulebook_digest: str) -> DecisionRecord:
        """What is recorded for a decided case: a case routed before the rules ran (an engine
        failure) carries the version of the rulebook that was in force."""
        record = cls.from_case(case)
        record.status = record.status or "routed"
        record.ruleset_version = record.ruleset_version or rulebook_version
        record.ruleset_digest = record.ruleset_digest or rulebook_digest
        return record

    # -- the one serialisation -------------------------------------------------------------------
    def reasons_json(self) -> list[dict]:
        return [r.model_dump() for r in self.reasons]

    def to_json(self) -> dict:
        """What the outside world is shown of a decision (case views, dry-run)."""
        return {
            "status": self.status,
            "ruleset": {"version": self.ruleset_version, "digest": self.ruleset_digest},
            "reasons": self.reasons_json(),
            "due_by": self.due_by.isoformat() if self.due_by else None,
            "trace": self.trace(),
        }

    # -- the stored layout ------------------------------------------------------------------------
    def trace(self) -> list[dict]:
        out: list[dict] = [s.model_dump(exclude_none=True) for s in self.stages]
        if self.facts:
            out.append({"stage": "facts", "facts": {n: f.model_dump() for n, f in self.facts.items()}})
        if self.as_of is not None:
            out.append(
                {
                    "stage": "evaluation",
                    "day": self.as_of.isoformat(),
                    "params": self.params,
                    "version": self.ruleset_version,
                    "digest": self.ruleset_digest,
                }
            )
        for rule in self.rules:
            entry = rule.model_dump()
            entry["rule_id"] = rule.rule  # the stored layout names it twice; kept as it was
            out.append(entry)
        return out

    @classmethod
    def load(
        cls,
        trace: list[dict],
        *,
        status: str | None = None,
        reasons: list[dict] | None = None,
        ruleset_version: str | None = None,
        ruleset_digest: str | None = None,
        due_by: datetime | None = None,
    ) -> DecisionRecord:
        """A stored decision (its row's columns and its ``trace``), whenever it was written."""
        record = cls(
            status=status,
            reasons=[ReasonRecord.model_validate(_reason(r)) for r in reasons or []],
            ruleset_version=ruleset_version,
            ruleset_digest=ruleset_digest,
            due_by=due_by,
        )
        for entry in trace or []:
            if "rule" in entry:
                record.rules.append(RuleRecord.model_validate(entry))
            elif entry.get("stage") == "facts":
                record.facts = {
                    n: FactRecord.model_validate(f) for n, f in (entry.get("facts") or {}).items()
                }
            elif entry.get("stage") == "evaluation":
                record.as_of = date.fromisoformat(entry["day"])
                record.params = dict(entry.get("params") or {})
                record.ruleset_version = entry.get("version") or record.ruleset_version
                record.ruleset_digest = entry.get("digest") or record.ruleset_digest
            elif "stage" in entry and "ok" in entry:
                record.stages.append(StageRecord.model_validate(entry))
        return record

    # -- what replay and impact need --------------------------------------------------------------
    def fact_values(self) -> dict[str, Fact]:
        return {name: record.fact() for name, record in self.facts.items()}

    def outcomes(self) -> dict[str, str]:
        return {rule.rule: rule.outcome for rule in self.rules}


def _rule_record(result: Any) -> RuleRecord:
    return RuleRecord.model_validate({"rule": result.rule_id, **result.to_dict()})


def _reason(stored: dict) -> dict:
    # Decisions stored before reasons carried an action or English text still load.
    return {"action": "route", "message_en": "", **stored}


__all__ = ["DecisionRecord", "FactRecord", "ReasonRecord", "RuleRecord", "StageRecord"]
