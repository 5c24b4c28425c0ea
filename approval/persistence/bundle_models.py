"""Tables of 一件事 bundles: one submission for several matters, each part an ordinary case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from approval.persistence.models import Base, UtcDateTime


class BundleRow(Base):
    __tablename__ = "bundles"
    __table_args__ = (UniqueConstraint("owner_token_id", "idempotency_key", name="uq_bundle_idem"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))  # a bundle of rules/catalogues/bundles.yaml
    owner_token_id: Mapped[str] = mapped_column(String(32), index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)  # its digest
    request_digest: Mapped[str] = mapped_column(String(64))
    # The status last announced (bundle.status_changed); views compute it from the parts.
    status: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BundlePartRow(Base):
    __tablename__ = "bundle_parts"
    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("cases.id"), primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(36), ForeignKey("bundles.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # The registration case this part waits for and is decided after (None: the registration).
    after_case_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
