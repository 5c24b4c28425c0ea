"""What the portal, reviewers and the public read: a case, a matter, a licence."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from approval.case_view import case_view_of
from approval.errors import Gone, NotFound
from approval.tokens import Principal
from approval.uploads import sniff_media_type
from approval.use_cases.scoping import require_in_scope

if TYPE_CHECKING:
    from approval.service import ApprovalService


def case_view(app: ApprovalService, case_id: str, *, masked: bool = False) -> dict:
    with app.uow() as uow:
        stored = uow.cases.load(case_id)
        if stored is None:
            raise NotFound(case_id)
        return case_view_of(stored, masked=masked)


def case_for(app: ApprovalService, principal: Principal, case_id: str) -> dict:
    """The case as ``principal`` may see it: a portal only its own, others masked."""
    with app.uow() as uow:
        stored = uow.cases.load(case_id)
        if stored is None:
            raise NotFound(case_id)
        if principal.role == "portal" and stored.row.owner_token_id != principal.token_id:
            # Not 403: a portal must not learn that another portal's case exists.
            raise NotFound(case_id)
        require_in_scope(app, principal, stored.row, case_id)  # nor a reviewer another jurisdiction's
        # Reviewers, supervisors (who also decide) and administrators see it whole; authors masked.
        return case_view_of(stored, masked=principal.role != "portal" and not principal.can("reviewer"))


def document_for(app: ApprovalService, principal: Principal, case_id: str, part: str) -> tuple[bytes, str]:
    """A document's bytes and media type, for the portal that submitted the case and for
    reviewers; anyone else is told there is no such case."""
    with app.uow() as uow:
        row = uow.cases.get(case_id)
        may_see = row is not None and (
            principal.can("reviewer")
            if principal.role != "portal"
            else row.owner_token_id == principal.token_id
        )
        if not may_see:
            raise NotFound(case_id)
        require_in_scope(app, principal, row, case_id)
        document = next((d for d in uow.cases.documents(case_id) if d.part == part), None)
        if document is None:
            raise NotFound(f"{case_id}/{part}")
        if document.purged_at is not None:
            raise Gone(f"{case_id}/{part}")
    data = app.blobs.get(document.sha256)
    # What the bytes are, not what the uploader said they were (a "text/html" PNG stays a PNG).
    return data, sniff_media_type(data) or "application/octet-stream"


def changed_cases(
    app: ApprovalService, principal: Principal, since: datetime, limit: int, offset: int
) -> dict:
    """The portal's own cases that changed after ``since`` (status, reasons, when): what a portal
    polls to learn of decisions made after its request was answered."""
    with app.uow() as uow:
        page, total = uow.cases.changed_since(principal.token_id, since, limit, offset)
    cases = [
        {"case_id": row.id, "status": row.status, "matter": row.matter, "changed_at": changed.isoformat(),
         "reason_codes": [r["code"] for r in row.reasons or []]}
        for row, changed in page
    ]  # fmt: skip
    return {"cases": cases, "total": total, "limit": limit, "offset": offset}


def matter_summaries(app: ApprovalService) -> list[dict]:
    return [
        {
            "code": m.code,
            "title": m.title,
            "instant_approval": m.instant_approval,
            "materials": dict(m.materials),
        }
        for m in app.rulebook.matters.values()
    ]


def matter_detail(app: ApprovalService, code: str) -> dict:
    spec: Any = app.rulebook.matters.get(code)
    if spec is None:
        raise NotFound(code)
    to_dict = getattr(spec, "to_public_dict", None)
    return to_dict() if callable(to_dict) else spec.model_dump(mode="json")
