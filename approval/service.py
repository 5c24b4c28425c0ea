"""The composition root: ``ApprovalService.open`` builds, once per process, everything the use
cases (``approval.use_cases``) are given: settings, database and units of work, migrations,
reference data, the rulebook, the document reader, the rule evaluator and the job queue.

The constructor only keeps what it is given; ``open`` does the I/O. The reader and the
evaluator start on first use, so commands that need neither stay fast.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from approval import metrics
from approval.job_queue import InProcessQueue, JobQueue, ProcrastinateQueue, libpq_conninfo
from approval.persistence.blob_store import BlobStore
from approval.persistence.db import exclusive_setup, make_engine, migrate, session_factory
from approval.persistence.reference_store import DatabaseReferenceData
from approval.pipeline import runner
from approval.pipeline.case_file import CaseFile
from approval.ruleset import load_rulebook
from approval.ruleset.rulebook import Rulebook
from approval.settings import Settings
from approval.unit_of_work import SqlUnitOfWork, UnitOfWork

log = logging.getLogger(__name__)


class ApprovalService:
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
        self.blobs = BlobStore(settings.data_dir / "blobs")
        self.rulebook = rulebook
        self.reference = reference
        self.queue: JobQueue = queue or InProcessQueue(self._process_in_thread)
        self._read_documents = read_documents
        self._evaluate = evaluate
        self._ocr_pool: Any = None
        self._rule_worker: Any = None
        self._lock = threading.Lock()
        # Cases being decided in this process, so that one is never decided twice at once.
        self._in_flight: set[str] = set()
        self._in_flight_lock = threading.Lock()
        self._pipeline = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="pipeline")

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        read_documents: runner.document_reading.ReadDocuments | None = None,
        evaluate: runner.rule_evaluation.Evaluate | None = None,
    ) -> ApprovalService:
        """Connect, migrate, seed the reference data, load and snapshot the rules, pick the queue."""
        rulebook = load_rulebook(settings.rules_dir)
        engine = make_engine(settings.effective_database_url)
        sessions = session_factory(engine)
        reference = DatabaseReferenceData(sessions)
        queue = None
        if settings.uses_procrastinate:
            queue = ProcrastinateQueue(libpq_conninfo(settings.effective_database_url))
        service = cls(settings, engine=engine, sessions=sessions, rulebook=rulebook, reference=reference,
                      queue=queue, read_documents=read_documents, evaluate=evaluate)  # fmt: skip
        with exclusive_setup(engine):
            migrate(engine)
            reference.seed(settings.rules_dir / "reference")
            service.snapshot_rulebook()
        return service

    def uow(self) -> UnitOfWork:
        """A new unit of work (one transaction). Tests may replace this with a fake."""
        return SqlUnitOfWork(self.sessions, self.blobs)

    def snapshot_rulebook(self) -> None:
        """Keep the rule files of this ruleset digest, so its decisions can be replayed."""
        book = self.rulebook
        with self.uow() as uow:
            if not uow.cases.has_snapshot(book.digest):
                uow.cases.add_snapshot(book.version, book.digest, book.files)
                uow.commit()

    # -- the engines -----------------------------------------------------------------------------
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

    def decide(self, case: CaseFile) -> CaseFile:
        """The pipeline, given at most ``pipeline_timeout_seconds`` (else TimeoutError)."""
        future = self._pipeline.submit(runner.decide, case, self.deps())
        return future.result(timeout=self.settings.pipeline_timeout_seconds)

    @contextlib.contextmanager
    def deciding(self, case_id: str) -> Iterator[bool]:
        """True for the one caller in this process that may decide ``case_id`` now."""
        with self._in_flight_lock:
            mine = case_id not in self._in_flight
            self._in_flight.add(case_id)
        try:
            yield mine
        finally:
            if mine:
                with self._in_flight_lock:
                    self._in_flight.discard(case_id)

    def _process_in_thread(self, case_id: str) -> None:
        from approval.use_cases.processing import process_case

        process_case(self, case_id)

    # -- operations ------------------------------------------------------------------------------
    def rulebook_info(self) -> dict:
        return {"version": self.rulebook.version, "digest": self.rulebook.digest}

    def backlog(self) -> tuple[int, float, int]:
        """(undecided cases, age in seconds of the oldest, overdue review tasks)."""
        with self.uow() as uow:
            return uow.cases.backlog(datetime.now(UTC))

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

    def close(self) -> None:
        self.queue.close()
        self._pipeline.shutdown(wait=False, cancel_futures=True)
        if self._ocr_pool is not None:
            self._ocr_pool.shutdown()
        if self._rule_worker is not None:
            self._rule_worker.close()
        self.engine.dispose()
