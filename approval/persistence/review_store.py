"""The reviewers' queue: routed cases, claimed by exactly one reviewer, then decided. Works in
the unit of work's session (``approval.unit_of_work``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from approval.errors import ClaimConflict
from approval.persistence.case_store import now
from approval.persistence.models import CaseEventRow, CaseRow, DecisionRow


@dataclass(frozen=True)
class TaskFilter:
    status: str | None = None  # open (unclaimed), claimed, routed (both), or a final status
    matter: str | None = None
    reason_code: str | None = None
    due_before: datetime | None = None
    limit: int = 100
    offset: int = 0


class ReviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list_tasks(self, filters: TaskFilter) -> list[CaseRow]:
        query = select(CaseRow)
        status = filters.status or "routed"
        if status == "open":
            query = query.where(CaseRow.status == "routed", CaseRow.claimed_by.is_(None))
        elif status == "claimed":
            query = query.where(CaseRow.status == "routed", CaseRow.claimed_by.is_not(None))
        else:
            query = query.where(CaseRow.status == status)
        if filters.matter:
            query = query.where(CaseRow.matter == filters.matter)
        if filters.reason_code:
            code = filters.reason_code
            query = query.where(
                or_(
                    CaseRow.reason_codes == code,
                    CaseRow.reason_codes.like(f"{code} %"),
                    CaseRow.reason_codes.like(f"% {code}"),
                    CaseRow.reason_codes.like(f"% {code} %"),
                )
            )
        if filters.due_before:
            query = query.where(CaseRow.due_by <= filters.due_before)
        query = query.order_by(CaseRow.due_by.asc(), CaseRow.received_at.asc())
        query = query.limit(filters.limit).offset(filters.offset)
        return list(self.session.scalars(query))

    def claim(self, case_id: str, reviewer_id: str) -> None:
        """Atomic compare-and-set: of two reviewers claiming at once, exactly one wins."""
        won = self.session.execute(
            update(CaseRow)
            .where(
                CaseRow.id == case_id,
                CaseRow.status == "routed",
                or_(CaseRow.claimed_by.is_(None), CaseRow.claimed_by == reviewer_id),
            )
            .values(claimed_by=reviewer_id, claimed_at=now(), version=CaseRow.version + 1)
        )
        if won.rowcount != 1:
            raise ClaimConflict(case_id)
        self.session.add(
            CaseEventRow(case_id=case_id, at=now(), type="claimed", actor=f"reviewer:{reviewer_id}")
        )

    def record_decision(
        self,
        case_id: str,
        *,
        reviewer_id: str,
        status: str,
        comment: str,
        result: dict | None,
        register_entry: object | None = None,
    ) -> None:
        decided = now()
        row = self.session.get(CaseRow, case_id)
        if row is None or row.status != "routed" or row.claimed_by != reviewer_id:
            raise ClaimConflict(case_id)
        done = self.session.execute(
            update(CaseRow)
            .where(CaseRow.id == case_id, CaseRow.version == row.version)
            .values(
                status=status,
                decided_at=decided,
                result=result,
                version=CaseRow.version + 1,
            )
        )
        if done.rowcount != 1:
            raise ClaimConflict(case_id)
        self.session.add(
            DecisionRow(
                case_id=case_id,
                status=status,
                decided_by=f"reviewer:{reviewer_id}",
                decided_at=decided,
                ruleset_version=row.ruleset_version,
                ruleset_digest=row.ruleset_digest,
                reasons=row.reasons,
                trace=[],
                comment=comment,
            )
        )
        if register_entry is not None:
            self.session.add(register_entry)
        self.session.add(
            CaseEventRow(
                case_id=case_id,
                at=decided,
                type=status,
                actor=f"reviewer:{reviewer_id}",
                data={"comment": comment, **({"result": result} if result else {})},
            )
        )
