"""The bundles repository (inside a unit of work's session, like the others), and what the
outbox's session hook does for bundles: it keeps each bundle's announced status and tells the
portal when it changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from approval.bundles import UNFINISHED, bundle_status
from approval.persistence.bundle_models import BundlePartRow, BundleRow
from approval.persistence.case_store import idempotency_key_digest
from approval.persistence.models import CaseEventRow, CaseRow, OutboxRow, WebhookEndpointRow


@dataclass(frozen=True)
class StoredBundle:
    row: BundleRow
    parts: list[tuple[BundlePartRow, CaseRow]]  # in the bundle's order, the registration first


class BundleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_bundle(
        self,
        *,
        bundle_id: str,
        kind: str,
        owner_token_id: str,
        idempotency_key: str | None,
        request_digest: str,
        received_at: datetime,
    ) -> None:
        self.session.add(
            BundleRow(
                id=bundle_id,
                kind=kind,
                owner_token_id=owner_token_id,
                request_digest=request_digest,
                idempotency_key=idempotency_key_digest(idempotency_key) if idempotency_key else None,
                status="processing",
                received_at=received_at,
                changed_at=received_at,
            )
        )
        self.session.flush()

    def add_part(self, bundle_id: str, case_id: str, position: int, after_case_id: str | None) -> None:
        self.session.add(
            BundlePartRow(
                case_id=case_id, bundle_id=bundle_id, position=position, after_case_id=after_case_id
            )
        )

    def find_by_idempotency_key(self, owner_token_id: str, key: str) -> BundleRow | None:
        return self.session.scalar(
            select(BundleRow).where(
                BundleRow.owner_token_id == owner_token_id,
                BundleRow.idempotency_key == idempotency_key_digest(key),
            )
        )

    def load(self, bundle_id: str) -> StoredBundle | None:
        row = self.session.get(BundleRow, bundle_id)
        if row is None:
            return None
        parts = self.session.execute(
            select(BundlePartRow, CaseRow)
            .join(CaseRow, CaseRow.id == BundlePartRow.case_id)
            .where(BundlePartRow.bundle_id == bundle_id)
            .order_by(BundlePartRow.position)
        )
        return StoredBundle(row, [(part, case) for part, case in parts])

    def waiting_for(self, case_id: str) -> str | None:
        """The registration ``case_id`` must wait for, while that one is undecided."""
        after = self.session.scalar(
            select(BundlePartRow.after_case_id).where(BundlePartRow.case_id == case_id)
        )
        if after is None:
            return None
        status = self.session.scalar(select(CaseRow.status).where(CaseRow.id == after))
        return after if status in UNFINISHED else None

    def parts_of(self, registration_id: str) -> list[str]:
        """Every part that follows the registration ``registration_id``, decided or not."""
        query = (
            select(BundlePartRow.case_id)
            .where(BundlePartRow.after_case_id == registration_id)
            .order_by(BundlePartRow.position)
        )
        return list(self.session.scalars(query))

    def parts_after(self, case_id: str) -> list[str]:
        """The undecided parts waiting for the registration ``case_id``."""
        query = (
            select(BundlePartRow.case_id)
            .join(CaseRow, CaseRow.id == BundlePartRow.case_id)
            .where(BundlePartRow.after_case_id == case_id, CaseRow.status.in_(UNFINISHED))
            .order_by(BundlePartRow.position)
        )
        return list(self.session.scalars(query))


def bundle_of(session: Session, case_id: str) -> str | None:
    return session.scalar(select(BundlePartRow.bundle_id).where(BundlePartRow.case_id == case_id))


def announce_bundle_changes(session: Session, changes: list[CaseEventRow]) -> None:
    """Status changes of parts may change their bundles' status: record it, and tell the portal
    (``bundle.status_changed``) in the same transaction. Called by the outbox's session hook."""
    with session.no_autoflush:
        new_status = {c.case_id: c.type for c in changes}
        bundles = {b for c in changes if (b := bundle_of(session, c.case_id)) is not None}
        for bundle_id in sorted(bundles):
            # Parts decided at once, in their own transactions, each see the others as they were:
            # under the bundle's row lock the last of them reads every part's status committed.
            bundle = session.scalar(
                select(BundleRow)
                .where(BundleRow.id == bundle_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            parts = session.execute(
                select(CaseRow.id, CaseRow.matter, CaseRow.status)
                .join(BundlePartRow, BundlePartRow.case_id == CaseRow.id)
                .where(BundlePartRow.bundle_id == bundle_id)
                .order_by(BundlePartRow.position)
            ).all()
            # A reviewer's decision is not flushed yet: its event says what the part is now.
            states = [(case_id, matter, new_status.get(case_id, status)) for case_id, matter, status in parts]
            status = bundle_status([s for _, _, s in states])
            if bundle is None or status == bundle.status:
                continue
            at = max(c.at for c in changes)
            bundle.status, bundle.changed_at = status, at
            if session.get(WebhookEndpointRow, bundle.owner_token_id) is None:
                continue
            event_id = str(uuid.uuid4())
            payload = {
                "event_id": event_id,
                "type": "bundle.status_changed",
                "bundle_id": bundle_id,
                "status": status,
                "at": at.isoformat(),
                "parts": [{"case_id": c, "matter": m, "status": s} for c, m, s in states],
            }
            row = OutboxRow(
                id=event_id,
                token_id=bundle.owner_token_id,
                case_id=None,
                payload=payload,
                created_at=at,
                next_attempt_at=at,
            )
            row.attempts, row.last_error = 0, ""
            session.add(row)
