"""Evidence: the facts the rules may use, from the form, the documents read and the reference
data (business register, credit blacklist, allowance recipients), each with its source."""

from __future__ import annotations

from typing import Any

from approval.evidence import build_facts
from approval.pipeline.case_file import CaseFile
from approval.reference_data import ReferenceData


def run(
    case: CaseFile,
    reference: ReferenceData,
    jurisdiction_code: str,
    catalogues: dict[str, Any],
) -> CaseFile:
    case.facts = build_facts(
        case.matter,
        case.submission,
        case.readings,
        case.application_date,
        reference,
        jurisdiction_code,
        catalogues,
    )
    return case
