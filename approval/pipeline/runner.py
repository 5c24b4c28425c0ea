"""Runs the stages in order. Any exception in a stage routes the case to a human: the
pipeline can fail, but it can never fail into an approval."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from approval.jurisdictions import jurisdiction_of
from approval.pipeline import (
    decision,
    document_reading,
    evidence_building,
    intake,
    materials_check,
    rule_evaluation,
)
from approval.pipeline.case_file import CaseFile
from approval.pipeline.reasons import reason
from approval.reference_data import ReferenceData

log = logging.getLogger(__name__)


@dataclass
class PipelineDeps:
    rulebook: Any
    read_documents: document_reading.ReadDocuments
    evaluate: rule_evaluation.Evaluate
    reference: ReferenceData
    jurisdiction_code: str  # a case whose region code names no jurisdiction belongs to this one

    def jurisdiction_for(self, case: CaseFile) -> str:
        return jurisdiction_of(case.submission, self.rulebook.catalogues, self.jurisdiction_code)


def stages(deps: PipelineDeps) -> list[tuple[str, Callable[[CaseFile], CaseFile]]]:
    return [
        ("intake", intake.run),
        ("materials_check", materials_check.run),
        ("document_reading", lambda c: document_reading.run(c, deps.read_documents)),
        (
            "evidence",
            lambda c: evidence_building.run(
                c, deps.reference, deps.jurisdiction_for(c), deps.rulebook.catalogues
            ),
        ),
        ("capture_check", document_reading.settle_retakes),
        ("rule_evaluation", lambda c: rule_evaluation.run(c, deps.evaluate)),
    ]


def decide(case: CaseFile, deps: PipelineDeps) -> CaseFile:
    case.matter = deps.rulebook.matters[case.matter_code]
    for name, stage in stages(deps):
        try:
            stage(case)
            case.stage_log.append({"stage": name, "ok": True})
        except Exception as exc:  # noqa: BLE001 - any failure must route, whatever it is
            log.exception("stage %s failed for case %s", name, case.case_id)
            case.stage_log.append({"stage": name, "ok": False, "error": type(exc).__name__})
            case.add(reason("engine.error", stage=name))
            break
    return decision.run(case)
