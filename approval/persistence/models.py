"""Tables. Document bytes live in the blob store (by content hash), not in rows."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """Moments stored in UTC and read back time-zone aware on every database. SQLite keeps only
    wall-clock digits, so an aware value in another zone (a reviewer's 北京时间 filter) must be
    converted before it is compared or stored."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # None: never (the identity of a named account, whose bearer value exists nowhere).
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The jurisdiction whose cases a reviewer or supervisor works; None: every one (a provincial
    # supervisor, a portal, an administrator).
    jurisdiction: Mapped[str | None] = mapped_column(String(6), nullable=True)


class CaseRow(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("owner_token_id", "idempotency_key", name="uq_case_idem"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    matter: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    owner_token_id: Mapped[str] = mapped_column(String(32), index=True)
    # The region code the case names (``approval.jurisdictions.region_of``): its jurisdiction's
    # reviewers are the ones who see it.
    region_code: Mapped[str] = mapped_column(String(6), default="", server_default="", index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    submission: Mapped[dict] = mapped_column(JSON)
    applicant_id_masked: Mapped[str] = mapped_column(String(32), default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    due_by: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ruleset_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ruleset_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    reason_codes: Mapped[str] = mapped_column(Text, default="")  # space-joined, for filtering
    claimed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Times a process began deciding it: a case that keeps killing its worker goes to a person.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Where the time limit counts from when not from receipt: a resubmitted case's clock resumes
    # with the working days it had already used (the time with the applicant does not count).
    clock_from: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("case_id", "part", name="uq_document_part"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    part: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255), default="")
    media_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    # Set when the retention period of a closed case has passed and its bytes were deleted.
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ExtractedFieldRow(Base):
    __tablename__ = "extracted_fields"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    part: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    # Where the value is printed on its document (``FieldReading.where``), for the reviewer.
    outlines: Mapped[list | None] = mapped_column(JSON, nullable=True)


class DecisionRow(Base):
    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(64))  # "engine" or a reviewer token id
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ruleset_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ruleset_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    trace: Mapped[list] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")


class CaseEventRow(Base):
    """Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    type: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # The case's events form a hash chain (approval/persistence/audit.py): an edited, removed or
    # inserted row breaks it, and `approval audit verify` names where.
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class RulesetSnapshotRow(Base):
    """Every ruleset version a decision used, kept whole so it can be replayed."""

    __tablename__ = "ruleset_snapshots"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict] = mapped_column(JSON)
    first_used_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RegisterEntryRow(Base):
    __tablename__ = "register_entries"
    credit_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    # approval.business_names.name_key(name): what duplicates are looked up by.
    name_key: Mapped[str] = mapped_column(String(200), index=True, default="", server_default="")
    kind: Mapped[str] = mapped_column(String(32))
    operator_name: Mapped[str] = mapped_column(String(100))
    operator_id_number: Mapped[str] = mapped_column(String(18), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(String(6), default="")
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True, unique=True)
    # Printed on the licence: with the credit code, what verifying the licence asks for (credit
    # codes are issued in sequence, so the code alone would let anyone walk the register).
    verification_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # 撤销登记 after a check found the approval should not stand: the licence no longer verifies.
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revocation_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class BlacklistRow(Base):
    __tablename__ = "credit_blacklist"
    id_number: Mapped[str] = mapped_column(String(18), primary_key=True)
    note: Mapped[str] = mapped_column(Text, default="")


class AllowanceRecipientRow(Base):
    __tablename__ = "allowance_recipients"
    id_number: Mapped[str] = mapped_column(String(18), primary_key=True)
    since: Mapped[str] = mapped_column(String(10), default="")


class CodeSequenceRow(Base):
    """Monotonic counters (organisation-code serials) shared across processes."""

    __tablename__ = "code_sequences"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class WebhookEndpointRow(Base):
    """Where a portal wants to be told of its cases' changes, and the secret it checks them by."""

    __tablename__ = "webhook_endpoints"
    token_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OutboxRow(Base):
    """A notification to deliver: written in the transaction that changed the case, delivered
    (and retried with backoff) by a dispatcher until the portal answers 2xx."""

    __tablename__ = "outbox"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the event id the portal sees
    token_id: Mapped[str] = mapped_column(String(32), index=True)
    # None for a 一件事 bundle's own status change (migration 0011), which concerns no one case.
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")


class AccountRow(Base):
    """A named reviewer, supervisor or administrator who signs in to the reviewer pages. Their
    actions are recorded under the bound token id (``api_tokens``: role and name)."""

    __tablename__ = "accounts"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_id: Mapped[str] = mapped_column(ForeignKey("api_tokens.id"), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))


class WebSessionRow(Base):
    """A signed-in browser: only the hash of its cookie is stored, with its CSRF token."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_id: Mapped[str] = mapped_column(ForeignKey("api_tokens.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RatingRow(Base):
    """The applicant's rating of a finished service (好差评), posted by the portal: one per case
    or bundle. A poor one (``POOR_RATING`` or less) waits in the supervisors' queue until one
    of them records what was done about it (差评整改)."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(48), unique=True)  # "case:<id>" or "bundle:<id>"
    matter: Mapped[str] = mapped_column(String(64), index=True)
    region_code: Mapped[str] = mapped_column(String(6), default="")  # the case's: whose supervisors see it
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    token_id: Mapped[str] = mapped_column(String(32))  # the portal that posted it
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    handled_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    handling_note: Mapped[str] = mapped_column(Text, default="")


class PostCheckRow(Base):
    """An instant approval drawn for a check afterwards (事后监管): a reviewer confirms it or
    revokes the registration (撤销登记). The draw is recorded (its value, the share it was
    compared with, which seed) so anyone holding the seed can recompute it."""

    __tablename__ = "post_checks"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    matter: Mapped[str] = mapped_column(String(64), index=True)
    region_code: Mapped[str] = mapped_column(String(6), default="")  # the case's: whose reviewers check it
    drawn_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    draw: Mapped[float] = mapped_column(Float)
    share: Mapped[float] = mapped_column(Float)
    seed_id: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open, confirmed, revoked
    decided_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
