"""The checks after instant approval (事后监管): the drawn cases and what reviewers found."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from approval.jurisdictions import RegionScope
from approval.persistence.models import PostCheckRow, RegisterEntryRow
from approval.persistence.scope_sql import in_scope


class CheckRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: PostCheckRow) -> None:
        self.session.add(row)

    def get(self, case_id: str) -> PostCheckRow | None:
        return self.session.get(PostCheckRow, case_id)

    def listed(self, status: str | None, matter: str | None, limit: int, offset: int,
               scope: RegionScope | None = None) -> tuple[list[PostCheckRow], int]:  # fmt: skip
        """Oldest drawn first: the order they should be worked in."""
        where = []
        if status:
            where.append(PostCheckRow.status == status)
        if matter:
            where.append(PostCheckRow.matter == matter)
        if scope is not None:
            where.append(in_scope(PostCheckRow.region_code, scope))
        total = self.session.scalar(select(func.count()).select_from(PostCheckRow).where(*where)) or 0
        query = select(PostCheckRow).where(*where).order_by(PostCheckRow.drawn_at, PostCheckRow.case_id)
        return list(self.session.scalars(query.limit(limit).offset(offset))), total

    def decide(self, case_id: str, status: str, by: str, comment: str, at: datetime) -> bool:
        """Close an open check; False if it is not open (decided already, by someone else too)."""
        closed = self.session.execute(
            update(PostCheckRow)
            .where(PostCheckRow.case_id == case_id, PostCheckRow.status == "open")
            .values(status=status, decided_by=by, decided_at=at, comment=comment)
        )
        return closed.rowcount == 1

    def drawn_case_ids(self) -> set[str]:
        return set(self.session.scalars(select(PostCheckRow.case_id)))

    def revoke_registration(self, case_id: str, reason: str, at: datetime) -> RegisterEntryRow | None:
        entry = self.session.scalar(select(RegisterEntryRow).where(RegisterEntryRow.case_id == case_id))
        if entry is not None:
            entry.revoked_at, entry.revocation_reason = at, reason
        return entry
