"""The portal submits a case: checked, stored with its job in one transaction, answered with
its decision if that comes within ``answer_within_seconds``."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from approval.errors import IdempotencyConflict, NotFound, NotReturned, SubmissionError
from approval.persistence.case_store import UNFINISHED, UploadedDocument, now
from approval.pipeline.intake import check_envelope
from approval.privacy import mask_id_number
from approval.tokens import Principal
from approval.uploads import size_problem, sniff_media_type
from approval.use_cases.viewing import case_view
from approval.working_days import resumed_clock

if TYPE_CHECKING:
    from approval.service import ApprovalService
    from approval.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def request_digest(body: dict, documents: list[UploadedDocument]) -> str:
    """Identifies a submission's content, to tell a true replay from a reused key."""
    h = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    for doc in sorted(documents, key=lambda d: d.part):
        h.update(doc.part.encode() + b"\0" + hashlib.sha256(doc.data).digest())
    return h.hexdigest()


def check_documents(app: ApprovalService, matter: str, documents: list[UploadedDocument], body: Any) -> None:
    allowed = app.rulebook.matters[matter].materials_for(body)
    errors = []
    for doc in documents:
        if doc.part not in allowed:
            errors.append(
                {
                    "loc": ["files", doc.part],
                    "type": "unknown_material",
                    "msg": f"{matter} takes no material {doc.part!r}; "
                    f"its materials are: {', '.join(allowed)}",
                    "message": f"本事项不收取材料“{doc.part}”；所需材料为：{'、'.join(allowed)}。",
                }
            )
        elif doc.data and sniff_media_type(doc.data) is None:
            raise SubmissionError(
                f"material {doc.part!r} is not a JPEG, PNG or PDF file",
                [{"loc": ["files", doc.part], "type": "unsupported_media", "msg": "JPEG, PNG or PDF only"}],
                code=SubmissionError.UNSUPPORTED_MEDIA,
            )
        elif problem := size_problem(doc.data, app.settings.max_image_pixels, app.settings.max_pdf_pages):
            code, message, limit = problem
            error = {"loc": ["files", doc.part], "type": code, "msg": message, "limit": limit}
            raise SubmissionError(f"material {doc.part!r}: {message}", [error], code=code)
    if errors:
        raise SubmissionError("the submission names unknown materials", errors)


def submit_case(
    app: ApprovalService,
    principal: Principal,
    body: Any,
    documents: list[UploadedDocument],
    idempotency_key: str | None = None,
) -> tuple[dict, bool]:
    """Store a submission durably before any work and answer it. Returns ``(view, created)``;
    a retry with the same key answers the case as it stands and never starts work again."""
    matter = check_envelope(body, app.rulebook.matters)
    check_documents(app, matter, documents, body)
    digest = request_digest(body, documents)
    case_id, created = _store(app, principal, matter, body, documents, digest, idempotency_key)
    log.info("case %s %s matter=%s applicant=%s", case_id, "received" if created else "replayed", matter,
             mask_id_number(body["applicant"].get("id_number")))  # fmt: skip
    within = app.settings.answer_within_seconds
    if created and not app.queue.wait(case_id, within, lambda: _decided(app, case_id)):
        log.info("case %s: still deciding after %.1fs; answered as processing", case_id,
                 app.settings.answer_within_seconds)  # fmt: skip
    return case_view(app, case_id), created


def resubmit_case(
    app: ApprovalService, principal: Principal, case_id: str, body: Any, documents: list[UploadedDocument]
) -> dict:
    """A case returned for correction (补正), sent back corrected: decided again as one case with
    one history, its time limit resuming where it stopped. Answered like a submission."""
    matter = check_envelope(body, app.rulebook.matters)
    check_documents(app, matter, documents, body)
    for doc in documents:
        app.blobs.put(doc.data)
    resumed = now()
    with app.uow() as uow:
        row = uow.cases.get(case_id)
        if row is None or row.owner_token_id != principal.token_id:
            raise NotFound(case_id)
        if row.status != "returned" or row.matter != matter:
            raise NotReturned(case_id)
        clock = resumed_clock(row.clock_from or row.received_at, row.decided_at or resumed, resumed)
        uow.cases.resubmit(row, submission=body, request_digest=request_digest(body, documents),
                           documents=documents, clock_from=clock, at=resumed)  # fmt: skip
        _queue(app, uow, case_id)
        uow.commit()
    log.info("case %s resubmitted", case_id)
    app.queue.wait(case_id, app.settings.answer_within_seconds, lambda: _decided(app, case_id))
    return case_view(app, case_id)


def _store(app: ApprovalService, principal: Principal, matter: str, body: dict,
           documents: list[UploadedDocument], digest: str, key: str | None) -> tuple[str, bool]:  # fmt: skip
    if key:
        with app.uow() as uow:
            existing = uow.cases.find_by_idempotency_key(principal.token_id, key)
            if existing is not None:
                return _replay(existing.id, existing.submission, digest), False
    # Bytes first: a crash after this leaves only an unreferenced blob, never a case whose
    # documents are missing.
    for doc in documents:
        app.blobs.put(doc.data)
    case_id = str(uuid.uuid4())
    try:
        with app.uow() as uow:
            uow.cases.add_case(owner_token_id=principal.token_id, idempotency_key=key, request_digest=digest,
                               matter=matter, submission=body, documents=documents, case_id=case_id,
                               received_at=now())  # fmt: skip
            _queue(app, uow, case_id)
            uow.commit()
    except IntegrityError:
        # Two concurrent requests with one key: the other one won; answer with its case.
        with app.uow() as uow:
            existing = uow.cases.find_by_idempotency_key(principal.token_id, key or "")
            if existing is None:
                raise
            return _replay(existing.id, existing.submission, digest), False
    return case_id, True


def _queue(app: ApprovalService, uow: UnitOfWork, case_id: str) -> None:
    # The job is written in the case's transaction: an accepted case always has its job.
    app.queue.enqueue(uow.session, case_id)
    uow.after_commit(lambda: app.queue.committed(case_id))


def _replay(case_id: str, stored_submission: dict, digest: str) -> str:
    if stored_submission.get("request_digest") != digest:
        raise IdempotencyConflict(case_id)
    return case_id


def _decided(app: ApprovalService, case_id: str) -> bool:
    with app.uow() as uow:
        return uow.cases.status(case_id) not in UNFINISHED
