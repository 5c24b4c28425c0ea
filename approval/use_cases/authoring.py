"""Rule authors try a submission against the rules: the whole pipeline, nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from approval.decision_record import DecisionRecord
from approval.persistence.case_store import UploadedDocument
from approval.pipeline import runner
from approval.pipeline.case_file import CaseFile
from approval.pipeline.intake import check_envelope
from approval.use_cases.submission import check_documents

if TYPE_CHECKING:
    from approval.service import ApprovalService


def dry_run(
    app: ApprovalService, body: Any, documents: list[UploadedDocument], received_at: datetime | None = None
) -> dict:
    """The answer carries the full trace. ``received_at`` judges the case as if it had arrived
    then (sample cases use it)."""
    matter = check_envelope(body, app.rulebook.matters)
    check_documents(app, matter, documents, body)
    case = CaseFile(
        case_id="dry-run",
        matter_code=matter,
        submission=body,
        documents={d.part: d.data for d in documents},
        received_at=received_at or datetime.now(UTC),
    )
    case = runner.decide(case, app.deps())
    record = DecisionRecord.of_decided_case(case, app.rulebook.version, app.rulebook.digest)
    extracted = {p: r.get("fields", {}) for p, r in case.readings.items()}
    return {"case_id": None, "matter": matter, "extracted": extracted, **record.to_json()}
