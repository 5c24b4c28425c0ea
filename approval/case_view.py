"""The case as the outside world sees it (the contract's answer shape)."""

from __future__ import annotations

from datetime import datetime

from approval.decision_record import DecisionRecord
from approval.persistence.case_store import StoredCase
from approval.persistence.models import CaseRow, DecisionRow
from approval.privacy import mask_id_number, mask_sensitive
from approval.working_days import CHINA, deadline_state


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the zone (every stored moment reads back as aware UTC: ``UtcDateTime``)."""
    return None if moment is None else moment.isoformat()


def case_view_of(stored: StoredCase, *, masked: bool = False) -> dict:
    row, documents, extracted = stored.row, stored.documents, stored.extracted
    history, decisions, people = stored.history, stored.decisions, stored.people
    view: dict = {
        "case_id": row.id,
        "status": row.status,
        "matter": row.matter,
        "ruleset": {"version": row.ruleset_version, "digest": row.ruleset_digest},
        "reasons": row.reasons or [],
        "extracted": extracted,
        # What the applicant typed, to set beside what the documents say.
        "submission": (row.submission or {}).get("body") or {},
        "received_at": iso(row.received_at),
        "decided_at": iso(row.decided_at),
        "due_by": iso(row.due_by),
        "documents": [
            {
                "part": d.part,
                "kind": d.kind,
                "media_type": d.media_type,
                "size": d.size,
                "sha256": d.sha256,
                "warnings": d.warnings or [],
            }
            for d in documents
        ],
    }
    if row.result:
        view["result"] = row.result
    if row.claimed_by:
        view["claimed_by"] = row.claimed_by
    view["history"] = [
        {"at": iso(e.at), "type": e.type, "actor": e.actor, "data": e.data or {},
         "actor_name": people.get(e.actor.split(":", 1)[-1])}
        for e in history
    ]  # fmt: skip
    view["decisions"] = [decision_view(d) for d in decisions]
    if masked:
        view = mask_sensitive(view)
    return view


def decision_view(row: DecisionRow) -> dict:
    """A stored decision as every view shows it: read through the typed record, whenever it was
    written, and written out by its one serialisation."""
    record = DecisionRecord.load(
        row.trace or [],
        status=row.status,
        reasons=row.reasons,
        ruleset_version=row.ruleset_version,
        ruleset_digest=row.ruleset_digest,
    )
    out = record.to_json()
    out.pop("due_by")  # a decision's due time is the case's (``due_by`` above)
    return {"decided_by": row.decided_by, "decided_at": iso(row.decided_at), "comment": row.comment, **out}


def task_summary(row: CaseRow, now: datetime, yellow_share: float) -> dict:
    """A line in the reviewers' queue: no unmasked personal data. Its deadline in China
    Standard Time, the working days left and a warning level (green, yellow, red)."""
    applicant = (row.submission.get("body") or {}).get("applicant") or {}
    name = applicant.get("name") or ""
    timing: dict = {"working_days_left": None, "warning": None, "due_by_china": None}
    if row.due_by is not None and row.status == "routed":
        left, level = deadline_state(row.received_at, row.due_by, now, yellow_share)
        timing = {
            "working_days_left": left,
            "warning": level,
            "due_by_china": row.due_by.astimezone(CHINA).isoformat(),
        }
    # The task's state is the case's once it is decided (returned, approved, …).
    status = ("claimed" if row.claimed_by else "open") if row.status == "routed" else row.status
    return {
        "task_id": row.id,
        "case_id": row.id,
        "matter": row.matter,
        "status": status,
        "case_status": row.status,
        "applicant": {
            "name": name[:1] + "*" * max(len(name) - 1, 0),
            "id_number": row.applicant_id_masked or mask_id_number(applicant.get("id_number")),
        },
        "reason_codes": [r["code"] for r in row.reasons or []],
        "received_at": iso(row.received_at),
        "due_by": iso(row.due_by),
        "claimed_by": row.claimed_by,
        **timing,
    }
