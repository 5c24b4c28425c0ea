"""The applicants' ratings (好差评) and the supervisors' queue of poor ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from approval.jurisdictions import RegionScope
from approval.persistence.models import RatingRow
from approval.persistence.scope_sql import in_scope


class RatingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def of(self, subject: str) -> RatingRow | None:
        return self.session.scalar(select(RatingRow).where(RatingRow.subject == subject))

    def add(self, row: RatingRow) -> RatingRow:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, rating_id: int) -> RatingRow | None:
        return self.session.get(RatingRow, rating_id)

    def poor(self, at_most: int, *, handled: bool, limit: int, offset: int, scope: RegionScope | None = None
             ) -> tuple[list[RatingRow], int]:  # fmt: skip
        """Poor ratings, oldest first, waiting for a supervisor (or, with ``handled``, dealt with)."""
        done = RatingRow.handled_at.is_not(None) if handled else RatingRow.handled_at.is_(None)
        where = [RatingRow.score <= at_most, done]
        if scope is not None:
            where.append(in_scope(RatingRow.region_code, scope))
        total = self.session.scalar(select(func.count()).select_from(RatingRow).where(*where)) or 0
        oldest_first = select(RatingRow).where(*where).order_by(RatingRow.rated_at, RatingRow.id)
        rows = self.session.scalars(oldest_first.limit(limit).offset(offset))
        return list(rows), total

    def between(self, since: datetime, until: datetime) -> list[RatingRow]:
        query = select(RatingRow).where(RatingRow.rated_at >= since, RatingRow.rated_at < until)
        return list(self.session.scalars(query))
