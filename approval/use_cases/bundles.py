"""一件事 bundles: one submission for several matters, each part stored as an ordinary case of its
matter and decided by the normal pipeline and job queue. The registration is decided first; its
decision queues the other parts (in the transaction that records it), so they see its outcome."""

from __future__ import annotations

import logging
import time
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from approval.bundles import REGISTRATION, Part, bundle_specs, bundle_status, split_submission
from approval.case_view import iso
from approval.errors import IdempotencyConflict, NotFound
from approval.jurisdictions import region_of
from approval.persistence.case_store import UNFINISHED, UploadedDocument, now
from approval.privacy import mask_id_number
from approval.tokens import Principal
from approval.use_cases.scoping import require_in_scope
from approval.use_cases.submission import check_documents, request_digest

if TYPE_CHECKING:
    from approval.service import ApprovalService
    from approval.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
POLL_SECONDS = 0.05
# Why a part is routed while its registration is with a reviewer (the fact is unknown till then).
UNDETERMINED_REGISTRATION = "registration.approved.undetermined"


def submit_bundle(
    app: ApprovalService,
    principal: Principal,
    body: Any,
    documents: list[UploadedDocument],
    idempotency_key: str | None = None,
) -> tuple[dict, bool]:
    """Store a bundle and its parts before any work and answer it as it stands after at most
    ``answer_within_seconds``. Returns ``(view, created)``; a retry with the same key answers the
    bundle as it stands and starts nothing again."""
    kind, parts = split_submission(body, app.rulebook.catalogues, app.rulebook.matters)
    given = _materials_per_part(app, parts, documents)
    digest = request_digest(body, documents)
    bundle_id, created = _store(app, principal, kind, parts, given, digest, idempotency_key)
    log.info(
        "bundle %s %s kind=%s parts=%d applicant=%s",
        bundle_id,
        "received" if created else "replayed",
        kind,
        len(parts),
        mask_id_number(str((body.get("applicant") or {}).get("id_number") or "")),
    )
    if created:
        with app.uow() as uow:
            stored = uow.bundles.load(bundle_id)
            case_ids = [part.case_id for part, _ in stored.parts] if stored else []
        _wait_for(app, case_ids, app.settings.answer_within_seconds)
    return bundle_view(app, bundle_id), created


def _materials_per_part(
    app: ApprovalService, parts: list[Part], documents: list[UploadedDocument]
) -> dict[str, list[UploadedDocument]]:
    """Each part's documents: the materials its matter takes, out of the one set given. A material
    no part takes is refused as the registration's (whose materials the portal sends)."""
    given: dict[str, list[UploadedDocument]] = {}
    for part in parts:
        takes = app.rulebook.matters[part.matter].materials_for(part.body)
        given[part.role] = [d for d in documents if d.part in takes]
    taken = {d.part for docs in given.values() for d in docs}
    stray = [d for d in documents if d.part not in taken]
    for part in parts:
        check_documents(
            app, part.matter, given[part.role] + (stray if part.role == REGISTRATION else []), part.body
        )
    return given


def _store(
    app: ApprovalService,
    principal: Principal,
    kind: str,
    parts: list[Part],
    given: dict[str, list[UploadedDocument]],
    digest: str,
    key: str | None,
) -> tuple[str, bool]:
    if key:
        with app.uow() as uow:
            existing = uow.bundles.find_by_idempotency_key(principal.token_id, key)
            if existing is not None:
                return _replay(existing.id, existing.request_digest, digest), False
    # Bytes first, once each: every part that takes a material names the same blob.
    for data in {d.data for docs in given.values() for d in docs}:
        app.blobs.put(data)
    bundle_id, received = str(uuid.uuid4()), now()
    case_ids = {part.role: str(uuid.uuid4()) for part in parts}
    registration_id = case_ids[REGISTRATION]
    try:
        with app.uow() as uow:
            bundles = uow.bundles
            bundles.add_bundle(
                bundle_id=bundle_id,
                kind=kind,
                owner_token_id=principal.token_id,
                idempotency_key=key,
                request_digest=digest,
                received_at=received,
            )
            # Every part belongs to the jurisdiction of the business being registered.
            region = region_of(next(p.body for p in parts if p.role == REGISTRATION))
            for position, part in enumerate(parts):
                after = None if part.role == REGISTRATION else registration_id
                link = {"id": bundle_id, **({"registration_case_id": after} if after else {}),
                        **({"region_code": region} if region and after else {})}  # fmt: skip
                body = {**part.body, "bundle": link}
                uow.cases.add_case(
                    owner_token_id=principal.token_id,
                    idempotency_key=None,
                    request_digest=request_digest(body, given[part.role]),
                    matter=part.matter,
                    submission=body,
                    documents=given[part.role],
                    case_id=case_ids[part.role],
                    received_at=received,
                )
                bundles.add_part(bundle_id, case_ids[part.role], position, after)
            # Only the registration is queued now: its decision queues the parts after it.
            app.queue.enqueue(uow.session, registration_id)
            uow.after_commit(lambda: app.queue.committed(registration_id))
            uow.commit()
    except IntegrityError:
        # Two concurrent requests with one key: the other one won; answer with its bundle.
        with app.uow() as uow:
            existing = uow.bundles.find_by_idempotency_key(principal.token_id, key or "")
            if existing is None:
                raise
            return _replay(existing.id, existing.request_digest, digest), False
    return bundle_id, True


def _replay(bundle_id: str, stored_digest: str, digest: str) -> str:
    if stored_digest != digest:
        raise IdempotencyConflict(bundle_id)
    return bundle_id


def _wait_for(app: ApprovalService, case_ids: list[str], within: float) -> None:
    """Until every part is decided or ``within`` seconds have passed. A part after the
    registration has no job (nor, on the in-process queue, a future) until the registration is
    decided, so it is looked at again every ``POLL_SECONDS``."""
    deadline = time.monotonic() + within
    for case_id in case_ids:
        while (remaining := deadline - time.monotonic()) > 0:
            if app.queue.wait(case_id, remaining, lambda case_id=case_id: _decided(app, case_id)):
                break
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


def _decided(app: ApprovalService, case_id: str) -> bool:
    with app.uow() as uow:
        return uow.cases.status(case_id) not in UNFINISHED


def waits_for_registration(uow: UnitOfWork, case_id: str) -> bool:
    """A part whose registration is still undecided is not decided yet: the registration's
    decision queues it (so a job the queue's sweep started early does nothing)."""
    return uow.bundles.waiting_for(case_id) is not None


def queue_parts_after(app: ApprovalService, uow: UnitOfWork, case_id: str, only: list[str] | None = None
                      ) -> None:  # fmt: skip
    """In the transaction that records the decision of ``case_id``: the parts of its bundle that
    wait for it (or ``only`` those) get their jobs (none if it is not a bundle's registration)."""
    for part_id in uow.bundles.parts_after(case_id) if only is None else only:
        try:
            with uow.session.begin_nested():
                app.queue.enqueue(uow.session, part_id)
        except IntegrityError:
            # The queue's sweep gave it a job already (one waiting job per case); that one decides it.
            log.info("case %s: already queued; decided after its registration %s", part_id, case_id)
            continue
        uow.after_commit(lambda part_id=part_id: app.queue.committed(part_id))


def redecide_parts_after(app: ApprovalService, uow: UnitOfWork, case_id: str) -> list[str]:
    """In the transaction that records a reviewer's decision of ``case_id``: the parts of its
    bundle routed while it was with a reviewer (``registration.approved`` undetermined) that
    nobody has claimed are decided again, now that it is decided (any other doubt routes them
    again)."""
    reopened = []
    for part_id in uow.bundles.parts_of(case_id):
        row = uow.cases.get(part_id)
        if row is None or row.status != "routed" or row.claimed_by is not None:
            continue
        if UNDETERMINED_REGISTRATION not in {r.get("code") for r in row.reasons or []}:
            continue  # routed for reasons of its own: its reviewer decides it
        uow.cases.reopen(row, reason=f"registration {case_id} decided", at=now())
        reopened.append(part_id)
    queue_parts_after(app, uow, case_id, only=reopened)
    return reopened


def bundle_view(app: ApprovalService, bundle_id: str, principal: Principal | None = None) -> dict:
    """The bundle as it stands: its status (approved only when every part is) and every part's
    case, matter, status, reasons and result. A portal sees only its own bundles."""
    with app.uow() as uow:
        stored = uow.bundles.load(bundle_id)
    if stored is None:
        raise NotFound(bundle_id)
    if (
        principal is not None
        and principal.role == "portal"
        and stored.row.owner_token_id != principal.token_id
    ):
        raise NotFound(bundle_id)  # not 403: a portal must not learn that another's bundle exists
    if principal is not None:
        require_in_scope(app, principal, stored.parts[0][1], bundle_id)  # a reviewer: their jurisdiction's
    parts = []
    for part, case in stored.parts:
        view = {
            "part": REGISTRATION if part.after_case_id is None else case.matter,
            "case_id": case.id,
            "matter": case.matter,
            "status": case.status,
            "reasons": case.reasons or [],
            "decided_at": iso(case.decided_at),
            "due_by": iso(case.due_by),
        }
        if case.result:
            view["result"] = case.result
        parts.append(view)
    spec = bundle_specs(app.rulebook.catalogues).get(stored.row.kind) or {}
    return {
        "bundle_id": stored.row.id,
        "bundle": stored.row.kind,
        "title": spec.get("title"),
        "status": bundle_status([p["status"] for p in parts]),
        "received_at": iso(stored.row.received_at),
        "parts": parts,
    }
