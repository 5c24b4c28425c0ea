"""The outbox: every change of a case's status is written, in the transaction that made it, as
a notification for the portal that submitted the case (if it registered a webhook). A session
hook does it, so no status change can be written without its notification."""

from __future__ import annotations

import uuid

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from approval.persistence.bundle_store import announce_bundle_changes, bundle_of
from approval.persistence.models import CaseEventRow, CaseRow, OutboxRow, WebhookEndpointRow

# Events that change what the portal must act on.
STATUS_EVENTS = frozenset({"approved", "routed", "returned", "rejected", "revoked"})


@event.listens_for(Session, "before_flush")
def _notify_status_changes(session: Session, _context: object, _instances: object) -> None:
    changes = [obj for obj in session.new if isinstance(obj, CaseEventRow) and obj.type in STATUS_EVENTS]
    if changes:
        announce_bundle_changes(session, changes)
    for change in changes:
        with session.no_autoflush:
            owner = session.scalar(select(CaseRow.owner_token_id).where(CaseRow.id == change.case_id))
            if owner is None or session.get(WebhookEndpointRow, owner) is None:
                continue
            bundle_id = bundle_of(session, change.case_id)
        event_id = str(uuid.uuid4())
        payload = {
            "event_id": event_id,
            "type": "case.status_changed",
            "case_id": change.case_id,
            "status": change.type,
            "at": change.at.isoformat(),
            "reason_codes": list((change.data or {}).get("reasons") or []),
            # A part of a 一件事 bundle names its bundle.
            **({"bundle_id": bundle_id} if bundle_id else {}),
        }
        row = OutboxRow(id=event_id, token_id=owner, case_id=change.case_id, payload=payload,
                        created_at=change.at, next_attempt_at=change.at)  # fmt: skip
        row.attempts, row.last_error = 0, ""
        session.add(row)
