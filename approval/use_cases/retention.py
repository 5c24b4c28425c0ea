"""Retention: the document bytes of closed cases are deleted once the retention period has passed
since their decision. The decision, the readings (the fields read from each document) and the
history stay; the purge is an event in the case's history; the documents' rows stay, marked, so
asking for one answers 410 Gone.

Run by ``approval retention purge`` and, at most hourly, by the workers' sweep (the API process on
SQLite). Idempotent: bytes whose deletion was interrupted are deleted by the next run.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from approval.persistence.retention_store import RetentionRepository

if TYPE_CHECKING:
    from approval.service import ApprovalService

log = logging.getLogger(__name__)

ACTOR = "retention"
EVENT = "documents_purged"


@dataclass
class PurgeReport:
    cutoff: datetime
    cases: dict[str, list[str]] = field(default_factory=dict)  # case id -> parts purged
    blobs_deleted: int = 0

    @property
    def documents(self) -> int:
        return sum(len(parts) for parts in self.cases.values())


def purge_documents(
    app: ApprovalService, *, now: datetime | None = None, dry_run: bool = False
) -> PurgeReport:
    """Purge (or, with ``dry_run``, list) the documents of every case closed before the cutoff."""
    now = now or datetime.now(UTC)
    days = app.settings.document_retention_days
    report = PurgeReport(cutoff=now - timedelta(days=days))
    with app.uow() as uow:
        due = RetentionRepository(uow.session).cases_due(report.cutoff)
    for case_id in due:
        # One transaction per case, holding its row (its history's chain is extended under it).
        with app.uow() as uow:
            retention = RetentionRepository(uow.session)
            documents = retention.lock_if_due(case_id, report.cutoff)
            if not documents:
                continue
            parts = [d.part for d in documents]
            report.cases[case_id] = parts
            if dry_run:
                continue
            retention.mark_purged(documents, now)
            uow.cases.add_event(case_id, EVENT, ACTOR, {"documents": parts, "retention_days": days}, at=now)
            uow.commit()
    if dry_run:
        return report
    with app.uow() as uow:
        digests = RetentionRepository(uow.session).unreferenced_blobs()
    report.blobs_deleted = sum(app.blobs.delete(digest) for digest in digests)
    if report.cases or report.blobs_deleted:
        log.info("retention: %d document(s) of %d case(s) closed before %s purged, %d blob(s) deleted",
                 report.documents, len(report.cases), report.cutoff.date(), report.blobs_deleted)  # fmt: skip
    return report


class RetentionSchedule:
    """Runs the purge from a loop that turns often (the sweep), at most once per ``every`` seconds."""

    def __init__(self, every: float = 3600.0) -> None:
        self.every = every
        self._next = 0.0
        self._lock = threading.Lock()

    def maybe_run(self, app: ApprovalService) -> PurgeReport | None:
        with self._lock:
            if time.monotonic() < self._next:
                return None
            self._next = time.monotonic() + self.every
        return purge_documents(app)
