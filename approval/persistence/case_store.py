"""Repository for cases: everything the service reads or writes about a case goes through here."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from approval.decision_record import DecisionRecord
from approval.persistence.blob_store import BlobStore
from approval.persistence.models import (
    CaseEventRow,
    CaseRow,
    DecisionRow,
    DocumentRow,
    ExtractedFieldRow,
    RulesetSnapshotRow,
)
from approval.privacy import mask_id_number

UNFINISHED = ("received", "processing")
# Listened to by API processes waiting to answer a submission (PostgreSQL only).
DECIDED_CHANNEL = "approval_case_decided"

EnqueueInTransaction = Callable[[Session, str], None]


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class UploadedDocument:
    part: str
    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class ClaimedCase:
    """What deciding a case needs, read in the transaction that marked it as processing."""

    case_id: str
    matter: str
    submission: dict
    received_at: datetime
    attempts: int
    documents: list[DocumentRow] = field(default_factory=list)


@dataclass(frozen=True)
class StoredCase:
    """A case as stored, with everything its views show, read in one transaction."""

    row: CaseRow
    documents: list[DocumentRow]
    extracted: dict[str, dict]
    history: list[CaseEventRow]
    decisions: list[DecisionRow]


class IdempotencyConflict(Exception):
    """The key was used before with a different submission."""


class ClaimConflict(Exception):
    """Somebody else holds the task, or it is no longer open."""


class CaseStore:
    def __init__(self, sessions: sessionmaker[Session], blobs: BlobStore) -> None:
        self.sessions = sessions
        self.blobs = blobs

    # -- intake -----------------------------------------------------------------------------
    def create_case(
        self,
        *,
        owner_token_id: str,
        idempotency_key: str | None,
        request_digest: str,
        matter: str,
        submission: dict,
        documents: list[UploadedDocument],
        enqueue: EnqueueInTransaction | None = None,
    ) -> tuple[str, bool]:
        """Store a submission durably before any work. Returns ``(case_id, created)``.

        ``enqueue`` runs inside the storing transaction: the case and its job are committed
        together or not at all."""
        if idempotency_key:
            existing = self.find_by_idempotency_key(owner_token_id, idempotency_key)
            if existing is not None:
                return self._replay(existing, request_digest), False
        # Bytes first: a crash after this leaves only an unreferenced blob, never a case
        # whose documents are missing.
        digests = [self.blobs.put(doc.data) for doc in documents]
        case_id = str(uuid.uuid4())
        received = now()
        applicant = submission.get("applicant") or {}
        try:
            with self.sessions.begin() as session:
                session.add(
                    CaseRow(
                        id=case_id,
                        matter=matter,
                        status="received",
                        owner_token_id=owner_token_id,
                        idempotency_key=idempotency_key,
                        submission={"body": submission, "request_digest": request_digest},
                        applicant_id_masked=mask_id_number(str(applicant.get("id_number") or "")),
                        received_at=received,
                        reasons=[],
                        reason_codes="",
                    )
                )
                session.flush()
                for doc, digest in zip(documents, digests, strict=True):
                    session.add(
                        DocumentRow(
                            case_id=case_id,
                            part=doc.part,
                            filename=doc.filename[:255],
                            media_type=doc.media_type[:100],
                            size=len(doc.data),
                            sha256=digest,
                            warnings=[],
                        )
                    )
                session.add(
                    CaseEventRow(
                        case_id=case_id,
                        at=received,
                        type="received",
                        actor=f"portal:{owner_token_id}",
                        data={"matter": matter, "documents": [d.part for d in documents]},
                    )
                )
                if enqueue is not None:
                    session.flush()
                    enqueue(session, case_id)
        except IntegrityError:
            # Two concurrent requests with one key: the other one won; answer with its case.
            existing = self.find_by_idempotency_key(owner_token_id, idempotency_key or "")
            if existing is None:
                raise
            return self._replay(existing, request_digest), False
        return case_id, True

    def _replay(self, row: CaseRow, request_digest: str) -> str:
        if row.submission.get("request_digest") != request_digest:
            raise IdempotencyConflict(row.id)
        return row.id

    def find_by_idempotency_key(self, owner_token_id: str, key: str) -> CaseRow | None:
        with self.sessions() as session:
            return session.scalar(
                select(CaseRow).where(
                    CaseRow.owner_token_id == owner_token_id, CaseRow.idempotency_key == key
                )
            )

    # -- reading ------------------------------------------------------------------------------
    def get(self, case_id: str) -> CaseRow | None:
        with self.sessions() as session:
            return session.get(CaseRow, case_id)

    def load(self, case_id: str) -> StoredCase | None:
        with self.sessions() as session:
            row = session.get(CaseRow, case_id)
            if row is None:
                return None
            return StoredCase(
                row=row,
                documents=self._documents(session, case_id),
                extracted=self._extracted(session, case_id),
                history=list(
                    session.scalars(
                        select(CaseEventRow).where(CaseEventRow.case_id == case_id).order_by(CaseEventRow.id)
                    )
                ),
                decisions=list(
                    session.scalars(
                        select(DecisionRow).where(DecisionRow.case_id == case_id).order_by(DecisionRow.id)
                    )
                ),
            )

    @staticmethod
    def _documents(session: Session, case_id: str) -> list[DocumentRow]:
        return list(
            session.scalars(
                select(DocumentRow).where(DocumentRow.case_id == case_id).order_by(DocumentRow.id)
            )
        )

    @staticmethod
    def _extracted(session: Session, case_id: str) -> dict[str, dict]:
        rows = session.scalars(
            select(ExtractedFieldRow)
            .where(ExtractedFieldRow.case_id == case_id)
            .order_by(ExtractedFieldRow.id)
        )
        out: dict[str, dict] = {}
        for row in rows:
            out.setdefault(row.part, {})[row.field] = {"value": row.value, "confidence": row.confidence}
        return out

    def documents(self, case_id: str) -> list[DocumentRow]:
        with self.sessions() as session:
            return self._documents(session, case_id)

    def document_bytes(self, document: DocumentRow) -> bytes:
        return self.blobs.get(document.sha256)

    def extracted(self, case_id: str) -> dict[str, dict]:
        with self.sessions() as session:
            return self._extracted(session, case_id)

    def history(self, case_id: str) -> list[CaseEventRow]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(CaseEventRow).where(CaseEventRow.case_id == case_id).order_by(CaseEventRow.id)
                )
            )

    def decisions(self, case_id: str) -> list[DecisionRow]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(DecisionRow).where(DecisionRow.case_id == case_id).order_by(DecisionRow.id)
                )
            )

    def backlog(self, now: datetime) -> tuple[int, float, int]:
        """(undecided cases, age in seconds of the oldest, routed cases past their due time)."""
        with self.sessions() as session:
            unfinished, oldest = session.execute(
                select(func.count(), func.min(CaseRow.received_at)).where(CaseRow.status.in_(UNFINISHED))
            ).one()
            overdue = session.scalar(
                select(func.count()).where(CaseRow.status == "routed", CaseRow.due_by < now)
            )
        oldest_age = (now - oldest.replace(tzinfo=oldest.tzinfo or UTC)).total_seconds() if oldest else 0.0
        return int(unfinished), max(0.0, oldest_age), int(overdue or 0)

    def unfinished_case_ids(self) -> list[str]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(CaseRow.id).where(CaseRow.status.in_(UNFINISHED)).order_by(CaseRow.received_at)
                )
            )

    def case_ids(self, matter: str | None = None) -> list[str]:
        with self.sessions() as session:
            query = select(CaseRow.id).order_by(CaseRow.received_at)
            if matter:
                query = query.where(CaseRow.matter == matter)
            return list(session.scalars(query))

    # -- pipeline progress --------------------------------------------------------------------
    def claim_for_processing(self, case_id: str) -> ClaimedCase | None:
        """Mark an undecided case as being decided, count the attempt and read what deciding it
        needs, in one transaction. None when the case is unknown or already decided."""
        with self.sessions.begin() as session:
            row = session.get(CaseRow, case_id, with_for_update=True)
            if row is None or row.status not in UNFINISHED:
                return None
            row.status = "processing"
            row.attempts = (row.attempts or 0) + 1
            session.add(
                CaseEventRow(
                    case_id=case_id,
                    at=now(),
                    type="processing",
                    actor="engine",
                    data={"attempt": row.attempts},
                )  # fmt: skip
            )
            return ClaimedCase(
                case_id=case_id,
                matter=row.matter,
                submission=row.submission["body"],
                received_at=row.received_at,
                attempts=row.attempts,
                documents=self._documents(session, case_id),
            )

    def status(self, case_id: str) -> str | None:
        with self.sessions() as session:
            return session.scalar(select(CaseRow.status).where(CaseRow.id == case_id))

    def mark_processing(self, case_id: str) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(CaseRow)
                .where(CaseRow.id == case_id, CaseRow.status.in_(UNFINISHED))
                .values(status="processing")
            )
            session.add(CaseEventRow(case_id=case_id, at=now(), type="processing", actor="engine", data={}))

    def save_snapshot(self, version: str, digest: str, files: dict[str, str]) -> None:
        with self.sessions() as session:
            if session.get(RulesetSnapshotRow, digest) is not None:
                return
        try:
            with self.sessions.begin() as session:
                session.add(
                    RulesetSnapshotRow(digest=digest, version=version, files=files, first_used_at=now())
                )
        except IntegrityError:
            pass  # stored concurrently by another worker: same digest, same files

    def snapshot(self, digest: str) -> RulesetSnapshotRow | None:
        with self.sessions() as session:
            return session.get(RulesetSnapshotRow, digest)

    def record_engine_decision(
        self,
        case_id: str,
        record: DecisionRecord,
        *,
        readings: dict[str, dict],
        result: dict | None,
        register_entry: object | None = None,
    ) -> bool:
        """Write the decision, the readings and the history in one transaction.

        Returns False (and writes nothing) when the case was already decided, so a
        retry after a crash cannot decide a case twice.
        """
        status, reasons = record.status or "routed", record.reasons_json()
        ruleset_version, ruleset_digest = record.ruleset_version, record.ruleset_digest
        decided = now()
        with self.sessions.begin() as session:
            claimed = session.execute(
                update(CaseRow)
                .where(CaseRow.id == case_id, CaseRow.status.in_(UNFINISHED))
                .values(
                    status=status,
                    reasons=reasons,
                    reason_codes=" ".join(sorted({r["code"] for r in reasons})),
                    decided_at=decided,
                    due_by=record.due_by,
                    ruleset_version=ruleset_version,
                    ruleset_digest=ruleset_digest,
                    result=result,
                    version=CaseRow.version + 1,
                )
            )
            if claimed.rowcount != 1:
                return False
            session.query(ExtractedFieldRow).filter(ExtractedFieldRow.case_id == case_id).delete()
            for part, reading in readings.items():
                for name, field in (reading.get("fields") or {}).items():
                    session.add(
                        ExtractedFieldRow(
                            case_id=case_id,
                            part=part,
                            field=name,
                            value=str(field["value"]),
                            confidence=float(field["confidence"]),
                        )
                    )
                session.execute(
                    update(DocumentRow)
                    .where(DocumentRow.case_id == case_id, DocumentRow.part == part)
                    .values(kind=reading.get("kind"), warnings=reading.get("warnings") or [])
                )
            session.add(
                DecisionRow(
                    case_id=case_id,
                    status=status,
                    decided_by="engine",
                    decided_at=decided,
                    ruleset_version=ruleset_version,
                    ruleset_digest=ruleset_digest,
                    reasons=reasons,
                    trace=record.trace(),
                )
            )
            if register_entry is not None:
                session.add(register_entry)
            session.add(
                CaseEventRow(
                    case_id=case_id,
                    at=decided,
                    type=status,
                    actor="engine",
                    data={
                        "reasons": [r["code"] for r in reasons],
                        "ruleset": {"version": ruleset_version, "digest": ruleset_digest},
                        **({"result": result} if result else {}),
                    },
                )
            )
            if session.get_bind().dialect.name == "postgresql":
                # Delivered at commit to the API process waiting to answer this submission.
                session.execute(text("SELECT pg_notify(:channel, :case_id)"),
                                {"channel": DECIDED_CHANNEL, "case_id": case_id})  # fmt: skip
        return True
