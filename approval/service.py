"""The service layer: everything the API and the CLI can ask of the approval engine.

It owns the wiring (database, blob store, OCR pool, rule worker, reference data) and
the order of work: store first, then decide, then record.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import json
import logging
import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from approval import metrics
from approval.case_view import case_view, task_summary
from approval.decision_record import DecisionRecord
from approval.job_queue import InProcessQueue, JobQueue, ProcrastinateQueue, libpq_conninfo
from approval.persistence.blob_store import BlobStore
from approval.persistence.case_store import (
    UNFINISHED,
    CaseStore,
    ClaimConflict,
    IdempotencyConflict,
    UploadedDocument,
)
from approval.persistence.db import make_engine, migrate, session_factory
from approval.persistence.reference_store import DatabaseReferenceData
from approval.persistence.register_store import RegisterStore
from approval.persistence.review_store import ReviewStore, TaskFilter
from approval.pipeline import runner
from approval.pipeline.case_file import CaseFile
from approval.pipeline.decision import review_due
from approval.pipeline.intake import SubmissionError, check_envelope
from approval.pipeline.reasons import reason
from approval.privacy import mask_id_number
from approval.registration import REGISTERING_MATTERS, registration_for
from approval.ruleset import load_rulebook
from approval.ruleset.rulebook import Rulebook
from approval.settings import Settings
from approval.tokens import Principal
from approval.uploads import sniff_media_type

log = logging.getLogger(__name__)

__all__ = ["ApprovalService", "ClaimConflict", "IdempotencyConflict", "NotFound", "SubmissionError"]

REVIEW_OUTCOMES = {"approve": "approved", "reject": "rejected", "return": "returned"}


class NotFound(LookupError):
    pass


class Forbidden(PermissionError):
    pass


def request_digest(body: dict, documents: list[UploadedDocument]) -> str:
    """Identifies a submission's content, to tell a true replay from a reused key."""
    h = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    for doc in sorted(documents, key=lambda d: d.part):
        h.update(doc.part.encode() + b"\0" + hashlib.sha256(doc.data).digest())
    return h.hexdigest()


class ApprovalService:
    """The use cases. Built by ``ApprovalService.open`` (the composition root), which does the
    I/O; the constructor only keeps what it is given."""

    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine,
        sessions: sessionmaker[Session],
        rulebook: Rulebook,
        reference: DatabaseReferenceData,
        queue: JobQueue | None = None,
        read_documents: runner.document_reading.ReadDocuments | None = None,
        evaluate: runner.rule_evaluation.Evaluate | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.sessions = sessions
        self.cases = CaseStore(sessions, BlobStore(settings.data_dir / "blobs"))
        self.reviews = ReviewStore(sessions)
        self.registers = RegisterStore(sessions)
        self.reference = reference
        self.rulebook = rulebook
        self.queue: JobQueue = queue or InProcessQueue(self.process)
        self._read_documents = read_documents
        self._evaluate = evaluate
        self._ocr_pool: Any = None
        self._rule_worker: Any = None
        self._lock = threading.Lock()
        # Cases being decided in this process, so that one is never decided twice at once.
        self._in_flight: set[str] = set()
        self._in_flight_lock = threading.Lock()
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="pipeline")

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        read_documents: runner.document_reading.ReadDocuments | None = None,
        evaluate: runner.rule_evaluation.Evaluate | None = None,
    ) -> ApprovalService:
        """Connect, migrate, seed the reference data, load and snapshot the rules, pick the queue."""
        engine = make_engine(settings.effective_database_url)
        migrate(engine)
        sessions = session_factory(engine)
        reference = DatabaseReferenceData(sessions)
        reference.seed(settings.rules_dir / "reference")
        rulebook = load_rulebook(settings.rules_dir)
        CaseStore(sessions, BlobStore(settings.data_dir / "blobs")).save_snapshot(
            rulebook.version, rulebook.digest, rulebook.files
        )
        queue = None
        if settings.uses_procrastinate:
            queue = ProcrastinateQueue(libpq_conninfo(settings.effective_database_url))
        return cls(settings, engine=engine, sessions=sessions, rulebook=rulebook, reference=reference,
                   queue=queue, read_documents=read_documents, evaluate=evaluate)  # fmt: skip

    # -- engines, started lazily so CLI commands that need neither stay fast -----------------
    def read_documents(self, items: dict[str, bytes]) -> dict[str, dict]:
        if self._read_documents is not None:
            return self._read_documents(items)
        with self._lock:
            if self._ocr_pool is None:
                from ocr import OcrPool

                workers = self.settings.ocr_workers or None
                self._ocr_pool = OcrPool(max_workers=workers, engine=self.settings.ocr_engine)
        readings = self._ocr_pool.read_many(items)
        for reading in readings.values():
            metrics.record_reading(reading.kind, reading.seconds)
        return {part: r.to_dict() for part, r in readings.items()}

    def evaluate(self, matter_code: str, facts: dict, day: Any, rulebook: Any = None) -> Any:
        book = rulebook or self.rulebook
        if self._evaluate is not None:
            return self._evaluate(matter_code, facts, day)
        with self._lock:
            if self._rule_worker is None:
                from approval.ruleset.worker import RuleWorker

                self._rule_worker = RuleWorker(timeout=self.settings.rule_timeout_seconds)
        return self._rule_worker.evaluate(book, matter_code, facts, day)

    def deps(self, rulebook: Any = None) -> runner.PipelineDeps:
        book = rulebook or self.rulebook
        return runner.PipelineDeps(
            rulebook=book,
            read_documents=self.read_documents,
            evaluate=lambda m, f, d: self.evaluate(m, f, d, book),
            reference=self.reference,
            jurisdiction_code=self.settings.jurisdiction_code,
        )

    def close(self) -> None:
        self.queue.close()
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self._ocr_pool is not None:
            self._ocr_pool.shutdown()
        if self._rule_worker is not None:
            self._rule_worker.close()
        self.engine.dispose()

    # -- the portal ---------------------------------------------------------------------------
    def check_documents(self, matter: str, documents: list[UploadedDocument], body: Any) -> None:
        allowed = self.rulebook.matters[matter].materials_for(body)
        errors = []
        for doc in documents:
            if doc.part not in allowed:
                errors.append(
                    {
                        "loc": ["files", doc.part],
                        "type": "unknown_material",
                        "msg": f"{matter} takes no material {doc.part!r}; "
                        f"its materials are: {', '.join(allowed)}",
                    }
                )
            elif doc.data and sniff_media_type(doc.data) is None:
                raise SubmissionError(
                    f"material {doc.part!r} is not a JPEG, PNG or PDF file",
                    [
                        {
                            "loc": ["files", doc.part],
                            "type": "unsupported_media",
                            "msg": "JPEG, PNG or PDF only",
                        }
                    ],
                    code=SubmissionError.UNSUPPORTED_MEDIA,
                )
        if errors:
            raise SubmissionError("the submission names unknown materials", errors)

    def submit(
        self,
        principal: Principal,
        body: Any,
        documents: list[UploadedDocument],
        idempotency_key: str | None = None,
    ) -> tuple[dict, bool]:
        matter = check_envelope(body, self.rulebook.matters)
        self.check_documents(matter, documents, body)
        case_id, created = self.cases.create_case(
            owner_token_id=principal.token_id,
            idempotency_key=idempotency_key,
            request_digest=request_digest(body, documents),
            matter=matter,
            submission=body,
            documents=documents,
            enqueue=self.queue.enqueue,
        )
        log.info(
            "case %s %s matter=%s applicant=%s",
            case_id,
            "received" if created else "replayed",
            matter,
            mask_id_number(body["applicant"].get("id_number")),
        )
        if created:
            self.queue.committed(case_id)
            decided = self.queue.wait(
                case_id,
                self.settings.answer_within_seconds,
                lambda: self.cases.status(case_id) not in UNFINISHED,
            )
            if not decided:
                log.info("case %s: still deciding after %.1fs; answered as processing", case_id,
                         self.settings.answer_within_seconds)  # fmt: skip
        # A retry answers the case as it stands and never starts work again: its job is
        # deciding it, or recovery will.
        return self.view(case_id), created

    def process(self, case_id: str) -> None:
        """Decide a stored case; safe to call again after a crash (a decided case is kept)."""
        with self._in_flight_lock:
            if case_id in self._in_flight:
                return  # already being decided in this process (a recovery racing a request)
            self._in_flight.add(case_id)
        try:
            self._process(case_id)
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(case_id)

    def _process(self, case_id: str) -> None:
        claimed = self.cases.claim_for_processing(case_id)
        if claimed is None:
            return
        matter = self.rulebook.matters.get(claimed.matter)
        case = CaseFile(
            case_id=case_id,
            matter_code=claimed.matter,
            submission=claimed.submission,
            documents={},
            received_at=claimed.received_at,
        )
        if claimed.attempts > self.settings.max_attempts:
            # Begun that often without an answer (its worker died each time): a person looks.
            log.error("case %s: attempt %d of at most %d; routing to a reviewer", case_id, claimed.attempts,
                      self.settings.max_attempts)  # fmt: skip
            self._record(_routed_on_failure(case, matter, "engine.failed", code="engine.error"))
            return
        try:
            case.documents = {d.part: self.cases.document_bytes(d) for d in claimed.documents}
            future = self._executor.submit(runner.decide, case, self.deps())
            case = future.result(timeout=self.settings.pipeline_timeout_seconds)
        except concurrent.futures.TimeoutError:
            log.error("case %s: pipeline timed out; routing to a reviewer", case_id)
            case = _routed_on_failure(case, matter, "engine.timeout", code="engine.timeout")
        except Exception:
            # Fail safe: whatever broke (a lost blob, a database hiccup, a bug), the case goes to a
            # person with the reason, never to approval and never lost in 'processing'.
            log.exception("case %s: pipeline failed; routing to a reviewer", case_id)
            case = _routed_on_failure(case, matter, "engine.failed", code="engine.error")
        self._record(case)
        log.info(
            "case %s decided: %s (%s)", case_id, case.status, " ".join(r.code for r in case.reasons) or "-"
        )

    def _record(self, case: CaseFile) -> None:
        entry, result = None, None
        if case.status == "approved":
            entry, result = registration_for(
                self.registers,
                case.case_id,
                case.matter_code,
                case.submission,
                self.settings.public_base_url,
            )
        record = DecisionRecord.of_decided_case(case, self.rulebook.version, self.rulebook.digest)
        metrics.record_decision(case.matter_code, record.status, case.received_at)
        self.cases.record_engine_decision(
            case.case_id, record, readings=case.readings, result=result, register_entry=entry
        )

    def backlog(self) -> tuple[int, float, int]:
        """(undecided cases, age in seconds of the oldest, overdue review tasks)."""
        return self.cases.backlog(datetime.now(UTC))

    def ready(self) -> dict[str, bool]:
        """What must work before this process takes cases: the database, the job queue (its
        tables, on PostgreSQL) and the rulebook."""
        checks = {"rulebook": bool(self.rulebook.matters), "database": False, "queue": False}
        try:
            with self.sessions() as session:
                session.execute(text("SELECT 1"))
                checks["database"] = True
                if not self.queue.in_process:
                    session.execute(text("SELECT 1 FROM procrastinate_jobs LIMIT 1"))
                checks["queue"] = True
        except Exception:  # noqa: BLE001 - any failure means not ready; logged for operators
            log.exception("readiness: database or queue check failed")
        return checks

    def recover_unfinished(self, stop: threading.Event | None = None) -> int:
        """Finish every case a crash or restart left mid-pipeline (until ``stop`` is set: the
        rest waits for the next start)."""
        ids = self.cases.unfinished_case_ids()
        for case_id in ids:
            if stop is not None and stop.is_set():
                break
            log.info("recovering case %s", case_id)
            try:
                self.process(case_id)
            except Exception:
                # Still stored as received/processing: the next start-up tries again, and one
                # bad case must not keep the service down or the others undecided.
                log.exception("case %s: could not be recovered now", case_id)
        return len(ids)

    def view(self, case_id: str, *, masked: bool = False) -> dict:
        stored = self.cases.load(case_id)
        if stored is None:
            raise NotFound(case_id)
        return case_view(
            stored.row,
            documents=stored.documents,
            extracted=stored.extracted,
            history=stored.history,
            decisions=stored.decisions,
            masked=masked,
        )

    def case_for(self, principal: Principal, case_id: str) -> dict:
        row = self.cases.get(case_id)
        if row is None:
            raise NotFound(case_id)
        if principal.role == "portal" and row.owner_token_id != principal.token_id:
            # Not 403: a portal must not learn that another portal's case exists.
            raise NotFound(case_id)
        if principal.role not in ("portal", "reviewer", "admin"):
            return self.view(case_id, masked=True)
        return self.view(case_id)

    # -- rule authors ---------------------------------------------------------------------------
    def dry_run(
        self, body: Any, documents: list[UploadedDocument], received_at: datetime | None = None
    ) -> dict:
        """The whole pipeline with nothing stored; the answer carries the full trace.
        ``received_at`` judges the case as if it had arrived then (sample cases use it)."""
        matter = check_envelope(body, self.rulebook.matters)
        self.check_documents(matter, documents, body)
        case = CaseFile(
            case_id="dry-run",
            matter_code=matter,
            submission=body,
            documents={d.part: d.data for d in documents},
            received_at=received_at or datetime.now(UTC),
        )
        case = runner.decide(case, self.deps())
        record = DecisionRecord.of_decided_case(case, self.rulebook.version, self.rulebook.digest)
        return {
            "case_id": None,
            "matter": matter,
            "extracted": {p: r.get("fields", {}) for p, r in case.readings.items()},
            **record.to_json(),
        }

    def rulebook_info(self) -> dict:
        return {"version": self.rulebook.version, "digest": self.rulebook.digest}

    def matters(self) -> list[dict]:
        return [matter_summary(m) for m in self.rulebook.matters.values()]

    def matter(self, code: str) -> dict:
        spec = self.rulebook.matters.get(code)
        if spec is None:
            raise NotFound(code)
        return matter_detail(spec)

    # -- reviewers ------------------------------------------------------------------------------
    def tasks(self, filters: TaskFilter) -> list[dict]:
        return [task_summary(row) for row in self.reviews.list_tasks(filters)]

    def claim(self, principal: Principal, case_id: str) -> dict:
        if self.cases.get(case_id) is None:
            raise NotFound(case_id)
        self.reviews.claim(case_id, principal.token_id)
        return self.view(case_id)

    def review_decision(self, principal: Principal, case_id: str, outcome: str, comment: str) -> dict:
        row = self.cases.get(case_id)
        if row is None:
            raise NotFound(case_id)
        status = REVIEW_OUTCOMES[outcome]
        entry, result = None, None
        if status == "approved" and row.matter in REGISTERING_MATTERS:
            entry, result = registration_for(
                self.registers,
                case_id,
                row.matter,
                row.submission["body"],
                self.settings.public_base_url,
            )
        self.reviews.record_decision(
            case_id,
            reviewer_id=principal.token_id,
            status=status,
            comment=comment,
            result=result,
            register_entry=entry,
        )
        return self.view(case_id)

    def licence(self, credit_code: str) -> dict:
        entry = self.registers.get(credit_code)
        if entry is None:
            raise NotFound(credit_code)
        return {
            "credit_code": entry.credit_code,
            "name": entry.name,
            "kind": entry.kind,
            "operator": entry.operator_name,
            "address": entry.address,
            "registered_at": entry.registered_at.isoformat(),
        }


def _routed_on_failure(case: CaseFile, matter: Any, text: str, code: str) -> CaseFile:
    """A routed copy of the case as far as it got: no outcome of a broken run can stand, and a
    timed-out run may still be changing the original in its thread."""
    return dataclasses.replace(
        case,
        matter=matter,
        status="routed",
        reasons=[reason(text, code=code)],
        readings=dict(case.readings),
        facts={},
        evaluation=None,
        stage_log=list(case.stage_log),
        due_by=review_due(matter, case.received_at),
        result=None,
    )


def matter_summary(spec: Any) -> dict:
    return {
        "code": spec.code,
        "title": spec.title,
        "instant_approval": spec.instant_approval,
        "materials": dict(spec.materials),
    }


def matter_detail(spec: Any) -> dict:
    to_dict = getattr(spec, "to_public_dict", None)
    if callable(to_dict):
        return to_dict()
    return spec.model_dump(mode="json")
