"""What the retention period reads and writes: documents of cases closed long enough ago."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session, aliased

from approval.persistence.models import CaseRow, DocumentRow

# Decided and with nobody to act on it: a returned case that is resubmitted is undecided again
# (its decided_at cleared), so one still "returned" was not resubmitted.
CLOSED = ("approved", "rejected", "returned")


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _due(self, cutoff: datetime):  # noqa: ANN202 - a where clause
        unpurged = exists().where(DocumentRow.case_id == CaseRow.id, DocumentRow.purged_at.is_(None))
        return CaseRow.status.in_(CLOSED), CaseRow.decided_at < cutoff, unpurged

    def cases_due(self, cutoff: datetime) -> list[str]:
        """Closed cases decided before ``cutoff`` that still have documents."""
        query = select(CaseRow.id).where(*self._due(cutoff)).order_by(CaseRow.decided_at)
        return list(self.session.scalars(query))

    def lock_if_due(self, case_id: str, cutoff: datetime) -> list[DocumentRow] | None:
        """The case's unpurged documents, its row locked, if it is (still) due; else None."""
        row = self.session.get(CaseRow, case_id, with_for_update=True, populate_existing=True)
        if row is None or row.status not in CLOSED or row.decided_at is None or row.decided_at >= cutoff:
            return None
        query = select(DocumentRow).where(DocumentRow.case_id == case_id, DocumentRow.purged_at.is_(None))
        return list(self.session.scalars(query.order_by(DocumentRow.id)))

    def mark_purged(self, documents: list[DocumentRow], at: datetime) -> None:
        ids = [d.id for d in documents]
        self.session.execute(update(DocumentRow).where(DocumentRow.id.in_(ids)).values(purged_at=at))

    def unreferenced_blobs(self) -> list[str]:
        """Digests of purged documents that no kept document shares (identical uploads share
        one blob), i.e. the bytes that may be deleted."""
        kept = aliased(DocumentRow)
        still_used = exists().where(kept.sha256 == DocumentRow.sha256, kept.purged_at.is_(None))
        query = select(DocumentRow.sha256).where(DocumentRow.purged_at.is_not(None), ~still_used).distinct()
        return list(self.session.scalars(query))
