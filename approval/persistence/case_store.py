"""The cases repository: everything read or written about a case, inside one unit of work's
session. It never begins or ends a transaction; the unit of work does (``approval.unit_of_work``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from approval.decision_record import DecisionRecord
from approval.jurisdictions import region_of
from approval.persistence.blob_store import BlobStore
from approval.persistence.models import (
    ApiToken,
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


def now() -> datetime:
    return datetime.now(UTC)


def idempotency_key_digest(key: str) -> str:
    """What is stored of a portal's Idempotency-Key: a portal may build it from the applicant's ID
    number, and a unique key's value is what the database quotes when two requests race."""
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _warning_code(warning: object) -> str:
    return str(warning.get("code", warning)) if isinstance(warning, dict) else str(warning)


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
    clock_from: datetime | None = None


@dataclass(frozen=True)
class StoredCase:
    """A case as stored, with everything its views show."""

    row: CaseRow
    documents: list[DocumentRow]
    extracted: dict[str, dict]
    history: list[CaseEventRow]
    decisions: list[DecisionRow]
    # Who the actors of the history are: token id → the name the token was issued to.
    people: dict[str, str] = field(default_factory=dict)


class CaseRepository:
    def __init__(self, session: Session, blobs: BlobStore) -> None:
        self.session = session
        self.blobs = blobs

    # -- intake -----------------------------------------------------------------------------
    def add_case(
        self,
        *,
        owner_token_id: str,
        idempotency_key: str | None,
        request_digest: str,
        matter: str,
        submission: dict,
        documents: list[UploadedDocument],
        case_id: str,
        received_at: datetime,
    ) -> None:
        """Add a received case. Its documents' bytes must already be in the blob store (a crash
        between the two leaves only an unreferenced blob, never a case missing its documents)."""
        applicant = submission.get("applicant") or {}
        self.session.add(
            CaseRow(
                id=case_id,
                matter=matter,
                status="received",
                owner_token_id=owner_token_id,
                region_code=region_of(submission)[:6],
                idempotency_key=idempotency_key_digest(idempotency_key) if idempotency_key else None,
                submission={"body": submission, "request_digest": request_digest},
                applicant_id_masked=mask_id_number(str(applicant.get("id_number") or "")),
                received_at=received_at,
                reasons=[],
                reason_codes="",
                attempts=0,
            )
        )
        self.session.flush()
        for doc in documents:
            self.session.add(
                DocumentRow(
                    case_id=case_id,
                    part=doc.part,
                    filename=doc.filename[:255],
                    media_type=doc.media_type[:100],
                    size=len(doc.data),
                    sha256=self.blobs.digest(doc.data),
                    warnings=[],
                )
            )
        data = {"matter": matter, "documents": [d.part for d in documents]}
        self.add_event(case_id, "received", f"portal:{owner_token_id}", data, at=received_at)
        self.session.flush()

    def resubmit(
        self,
        row: CaseRow,
        *,
        submission: dict,
        request_digest: str,
        documents: list[UploadedDocument],
        clock_from: datetime,
        at: datetime,
    ) -> None:
        """A returned case back from the applicant, corrected: its data replaced, the documents
        given replacing those parts (the others kept), undecided again, one history."""
        row.submission = {"body": submission, "request_digest": row.submission.get("request_digest"),
                          "resubmission_digest": request_digest}  # fmt: skip
        row.status, row.reasons, row.reason_codes, row.result = "received", [], "", None
        row.decided_at, row.due_by, row.claimed_by, row.claimed_at = None, None, None, None
        row.attempts, row.clock_from, row.version = 0, clock_from, row.version + 1
        row.region_code = region_of(submission)[:6]
        applicant = submission.get("applicant") or {}
        row.applicant_id_masked = mask_id_number(str(applicant.get("id_number") or ""))
        existing = {d.part: d for d in self.documents(row.id)}
        for doc in documents:
            stored = existing.get(doc.part) or DocumentRow(case_id=row.id, part=doc.part)
            stored.filename, stored.media_type = doc.filename[:255], doc.media_type[:100]
            stored.size, stored.sha256 = len(doc.data), self.blobs.digest(doc.data)
            stored.kind, stored.warnings, stored.purged_at = None, [], None
            self.session.add(stored)
        self.add_event(row.id, "resubmitted", f"portal:{row.owner_token_id}",
                       {"documents": [d.part for d in documents]}, at=at)  # fmt: skip
        self.session.flush()

    def reopen(self, row: CaseRow, *, reason: str, at: datetime) -> None:
        """A routed case no one holds, undecided again so that the engine decides it afresh
        (its earlier decision stays in its decisions and history)."""
        row.status, row.reasons, row.reason_codes, row.result = "received", [], "", None
        row.decided_at, row.due_by, row.attempts, row.version = None, None, 0, row.version + 1
        self.add_event(row.id, "reopened", "engine", {"because": reason}, at=at)

    def add_event(self, case_id: str, type_: str, actor: str, data: dict, at: datetime | None = None) -> None:
        self.session.add(CaseEventRow(case_id=case_id, at=at or now(), type=type_, actor=actor, data=data))

    def find_by_idempotency_key(self, owner_token_id: str, key: str) -> CaseRow | None:
        return self.session.scalar(
            select(CaseRow).where(CaseRow.owner_token_id == owner_token_id,
                                  CaseRow.idempotency_key == idempotency_key_digest(key))  # fmt: skip
        )

    # -- reading ------------------------------------------------------------------------------
    def get(self, case_id: str) -> CaseRow | None:
        return self.session.get(CaseRow, case_id)

    def status(self, case_id: str) -> str | None:
        return self.session.scalar(select(CaseRow.status).where(CaseRow.id == case_id))

    def load(self, case_id: str) -> StoredCase | None:
        row = self.get(case_id)
        if row is None:
            return None
        history = list(
            self.session.scalars(
                select(CaseEventRow).where(CaseEventRow.case_id == case_id).order_by(CaseEventRow.id)
            )
        )
        ids = {e.actor.split(":", 1)[1] for e in history if ":" in e.actor}
        names = select(ApiToken.id, ApiToken.label).where(ApiToken.id.in_(ids))
        people = {i: label for i, label in self.session.execute(names)} if ids else {}
        return StoredCase(
            row=row,
            documents=self.documents(case_id),
            extracted=self.extracted(case_id),
            history=history,
            decisions=self.decisions(case_id),
            people={k: v for k, v in people.items() if v},
        )

    def documents(self, case_id: str) -> list[DocumentRow]:
        query = select(DocumentRow).where(DocumentRow.case_id == case_id).order_by(DocumentRow.id)
        return list(self.session.scalars(query))

    def extracted(self, case_id: str) -> dict[str, dict]:
        rows = self.session.scalars(
            select(ExtractedFieldRow)
            .where(ExtractedFieldRow.case_id == case_id)
            .order_by(ExtractedFieldRow.id)
        )
        out: dict[str, dict] = {}
        for row in rows:
            read = {"value": row.value, "confidence": row.confidence}
            out.setdefault(row.part, {})[row.field] = read
            if row.outlines:
                read["where"] = row.outlines
        return out

    def decisions(self, case_id: str) -> list[DecisionRow]:
        query = select(DecisionRow).where(DecisionRow.case_id == case_id).order_by(DecisionRow.id)
        return list(self.session.scalars(query))

    def backlog(self, at: datetime) -> tuple[int, float, int]:
        """(undecided cases, age in seconds of the oldest, routed cases past their due time)."""
        unfinished, oldest = self.session.execute(
            select(func.count(), func.min(CaseRow.received_at)).where(CaseRow.status.in_(UNFINISHED))
        ).one()
        overdue = self.session.scalar(
            select(func.count()).where(CaseRow.status == "routed", CaseRow.due_by < at)
        )
        oldest_age = (at - oldest.replace(tzinfo=oldest.tzinfo or UTC)).total_seconds() if oldest else 0.0
        return int(unfinished), max(0.0, oldest_age), int(overdue or 0)

    def unfinished_case_ids(self) -> list[str]:
        query = select(CaseRow.id).where(CaseRow.status.in_(UNFINISHED)).order_by(CaseRow.received_at)
        return list(self.session.scalars(query))

    def case_ids(self, matter: str | None = None) -> list[str]:
        query = select(CaseRow.id).order_by(CaseRow.received_at)
        if matter:
            query = query.where(CaseRow.matter == matter)
        return list(self.session.scalars(query))

    def changed_since(
        self, owner_token_id: str, since: datetime, limit: int, offset: int
    ) -> tuple[list[tuple[CaseRow, datetime]], int]:
        """The owner's cases with an event after ``since``, the least recently changed first,
        each with the time of its last event; and how many there are in all."""
        last = (
            select(CaseEventRow.case_id, func.max(CaseEventRow.at).label("changed_at"))
            .group_by(CaseEventRow.case_id)
            .subquery()
        )
        query = (
            select(CaseRow, last.c.changed_at)
            .join(last, last.c.case_id == CaseRow.id)
            .where(CaseRow.owner_token_id == owner_token_id, last.c.changed_at > since)
        )
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        page = self.session.execute(query.order_by(last.c.changed_at, CaseRow.id).limit(limit).offset(offset))
        return [(row, changed) for row, changed in page], int(total)

    # -- rulesets -----------------------------------------------------------------------------
    def has_snapshot(self, digest: str) -> bool:
        return self.session.get(RulesetSnapshotRow, digest) is not None

    def add_snapshot(self, version: str, digest: str, files: dict[str, str]) -> None:
        self.session.add(RulesetSnapshotRow(digest=digest, version=version, files=files, first_used_at=now()))

    def snapshot(self, digest: str) -> RulesetSnapshotRow | None:
        return self.session.get(RulesetSnapshotRow, digest)

    # -- deciding -----------------------------------------------------------------------------
    def claim_for_processing(self, case_id: str) -> ClaimedCase | None:
        """Mark an undecided case as being decided, count the attempt and read what deciding it
        needs. None when the case is unknown or already decided."""
        row = self.session.get(CaseRow, case_id, with_for_update=True)
        if row is None or row.status not in UNFINISHED:
            return None
        row.status = "processing"
        row.attempts = (row.attempts or 0) + 1
        self.add_event(case_id, "processing", "engine", {"attempt": row.attempts})
        return ClaimedCase(
            case_id=case_id,
            matter=row.matter,
            submission=row.submission["body"],
            received_at=row.received_at,
            attempts=row.attempts,
            documents=self.documents(case_id),
            clock_from=row.clock_from,
        )

    def record_engine_decision(
        self,
        case_id: str,
        record: DecisionRecord,
        *,
        readings: dict[str, dict],
        result: dict | None,
        register_entry: object | None = None,
    ) -> bool:
        """Write the decision, the readings, the register entry and the history.

        Returns False (and writes nothing) when the case was already decided, so a
        retry after a crash cannot decide a case twice.
        """
        status, reasons = record.status or "routed", record.reasons_json()
        decided = now()
        claimed = self.session.execute(
            update(CaseRow)
            .where(CaseRow.id == case_id, CaseRow.status.in_(UNFINISHED))
            .values(
                status=status,
                reasons=reasons,
                reason_codes=" ".join(sorted({r["code"] for r in reasons})),
                decided_at=decided,
                due_by=record.due_by,
                ruleset_version=record.ruleset_version,
                ruleset_digest=record.ruleset_digest,
                result=result,
                version=CaseRow.version + 1,
            )
        )
        if claimed.rowcount != 1:
            return False
        self.session.query(ExtractedFieldRow).filter(ExtractedFieldRow.case_id == case_id).delete()
        for part, reading in readings.items():
            for name, value in (reading.get("fields") or {}).items():
                self.session.add(
                    ExtractedFieldRow(
                        case_id=case_id,
                        part=part,
                        field=name,
                        value=str(value["value"]),
                        confidence=float(value["confidence"]),
                        outlines=value.get("where"),
                    )  # fmt: skip
                )
            self.session.execute(
                update(DocumentRow)
                .where(DocumentRow.case_id == case_id, DocumentRow.part == part)
                .values(kind=reading.get("kind"), warnings=reading.get("warnings") or [])
            )
        self.session.add(
            DecisionRow(
                case_id=case_id,
                status=status,
                decided_by="engine",
                decided_at=decided,
                ruleset_version=record.ruleset_version,
                ruleset_digest=record.ruleset_digest,
                reasons=reasons,
                trace=record.trace(),
            )
        )
        if register_entry is not None:
            self.session.add(register_entry)
        ruleset = {"version": record.ruleset_version, "digest": record.ruleset_digest}
        # The steps of the decision, each its own link of the history's chain.
        if readings:
            read = {
                part: {"kind": r.get("kind"), "warnings": [_warning_code(w) for w in r.get("warnings") or []]}
                for part, r in readings.items()
            }
            self.add_event(case_id, "read", "engine", {"documents": read}, at=decided)
        if record.rules:
            outcomes = dict(Counter(rule.outcome for rule in record.rules))
            self.add_event(case_id, "evaluated", "engine", {"ruleset": ruleset, "outcomes": outcomes},
                           at=decided)  # fmt: skip
        self.add_event(case_id, status, "engine",
                       {"reasons": [r["code"] for r in reasons], "ruleset": ruleset,
                        **({"result": result} if result else {})}, at=decided)  # fmt: skip
        if self.session.get_bind().dialect.name == "postgresql":
            # Delivered at commit to the API process waiting to answer this submission.
            self.session.execute(text("SELECT pg_notify(:channel, :case_id)"),
                                 {"channel": DECIDED_CHANNEL, "case_id": case_id})  # fmt: skip
        return True
