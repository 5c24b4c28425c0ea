"""The reviewers' queue: routed cases, claimed by exactly one reviewer, then decided. Works in
the unit of work's session (``approval.unit_of_work``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from approval.errors import ClaimConflict
from approval.jurisdictions import RegionScope
from approval.persistence.case_store import now
from approval.persistence.models import ApiToken, CaseEventRow, CaseRow, DecisionRow
from approval.persistence.scope_sql import in_scope
from approval.pipeline.reasons import reason


@dataclass(frozen=True)
class TaskFilter:
    status: str | None = None  # open (unclaimed), claimed, routed (both), or a final status
    matter: str | None = None
    reason_code: str | None = None
    assignee: str | None = None  # the token id holding the task
    due_after: datetime | None = None
    due_before: datetime | None = None
    received_after: datetime | None = None
    received_before: datetime | None = None
    search: str | None = None  # a case id (or its start), an applicant's name, a masked ID number
    sort: str = "due"  # or "received"
    limit: int = 100
    offset: int = 0
    scope: RegionScope | None = None  # the reviewer's jurisdiction; None: every one


class ReviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self, filters: TaskFilter) -> Select:
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
        if filters.scope is not None:
            query = query.where(in_scope(CaseRow.region_code, filters.scope))
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
        if filters.assignee:
            query = query.where(CaseRow.claimed_by == filters.assignee)
        if filters.due_after:
            query = query.where(CaseRow.due_by >= filters.due_after)
        if filters.due_before:
            query = query.where(CaseRow.due_by <= filters.due_before)
        if filters.received_after:
            query = query.where(CaseRow.received_at >= filters.received_after)
        if filters.received_before:
            query = query.where(CaseRow.received_at <= filters.received_before)
        if filters.search:
            term = filters.search.strip()
            name = CaseRow.submission["body"]["applicant"]["name"].as_string()
            query = query.where(
                or_(
                    CaseRow.id.startswith(term, autoescape=True),
                    name == term,
                    CaseRow.applicant_id_masked == term,
                )
            )
        if filters.sort == "received":
            return query.order_by(CaseRow.received_at.asc(), CaseRow.id)
        return query.order_by(CaseRow.due_by.asc(), CaseRow.received_at.asc(), CaseRow.id)

    def list_tasks(self, filters: TaskFilter) -> list[CaseRow]:
        return list(self.session.scalars(self._query(filters).limit(filters.limit).offset(filters.offset)))

    def count_tasks(self, filters: TaskFilter) -> int:
        return int(
            self.session.scalar(select(func.count()).select_from(self._query(filters).subquery())) or 0
        )

    def most_urgent_open(self, scope: RegionScope | None = None) -> CaseRow | None:
        """The unclaimed routed case due soonest (of ``scope``), locked (others skip it) until
        this transaction ends, so two reviewers asking for the next task get different ones."""
        query = self._query(TaskFilter(status="open", scope=scope)).limit(1).with_for_update(skip_locked=True)
        return self.session.scalar(query)

    def claim(self, case_id: str, reviewer_id: str) -> None:
        """Atomic compare-and-set: of two reviewers claiming at once, exactly one wins. The
        holder claiming again changes nothing (and writes no second history entry)."""
        held = self.session.scalar(
            select(CaseRow.claimed_by).where(CaseRow.id == case_id, CaseRow.status == "routed")
        )
        if held == reviewer_id:
            return
        won = self.session.execute(
            update(CaseRow)
            .where(
                CaseRow.id == case_id,
                CaseRow.status == "routed",
                CaseRow.claimed_by.is_(None),
            )
            .values(claimed_by=reviewer_id, claimed_at=now(), version=CaseRow.version + 1)
        )
        if won.rowcount != 1:
            raise ClaimConflict(case_id)
        self.session.add(
            CaseEventRow(case_id=case_id, at=now(), type="claimed", actor=f"reviewer:{reviewer_id}")
        )

    def release(self, case_id: str, actor_id: str, *, holder_only: bool) -> None:
        """Give a claimed task back to the queue: by its holder, or by a supervisor
        (``holder_only=False``)."""
        row = self.session.get(CaseRow, case_id, with_for_update=True)
        if row is None or row.status != "routed" or row.claimed_by is None:
            raise ClaimConflict(case_id)
        if holder_only and row.claimed_by != actor_id:
            raise ClaimConflict(case_id)
        released = row.claimed_by
        row.claimed_by, row.claimed_at, row.version = None, None, row.version + 1
        event = CaseEventRow(case_id=case_id, at=now(), type="released", actor=f"reviewer:{actor_id}",
                             data={"held_by": released})  # fmt: skip
        self.session.add(event)

    def assign(self, case_id: str, reviewer_id: str, supervisor_id: str) -> None:
        """A supervisor gives a routed task to a reviewer (taking it from whoever held it)."""
        reviewer = self.session.get(ApiToken, reviewer_id)
        if reviewer is None or reviewer.revoked or reviewer.role not in ("reviewer", "supervisor"):
            raise ClaimConflict(f"{reviewer_id} is not a reviewer")
        row = self.session.get(CaseRow, case_id, with_for_update=True)
        if row is None or row.status != "routed":
            raise ClaimConflict(case_id)
        held = row.claimed_by
        row.claimed_by, row.claimed_at, row.version = reviewer_id, now(), row.version + 1
        event = CaseEventRow(case_id=case_id, at=now(), type="assigned", actor=f"supervisor:{supervisor_id}",
                             data={"to": reviewer_id, "from": held})  # fmt: skip
        self.session.add(event)

    def load(self) -> list[dict]:
        """Every reviewer's open tasks (routed and held), the most loaded first."""
        query = (
            select(ApiToken.id, ApiToken.label, ApiToken.role, func.count(CaseRow.id))
            .join(CaseRow, (CaseRow.claimed_by == ApiToken.id) & (CaseRow.status == "routed"), isouter=True)
            .where(ApiToken.role.in_(("reviewer", "supervisor")), ApiToken.revoked.is_(False))
            .group_by(ApiToken.id, ApiToken.label, ApiToken.role)
        )
        rows = [{"reviewer": i, "label": label, "role": role, "claimed": n}
                for i, label, role, n in self.session.execute(query)]  # fmt: skip
        return sorted(rows, key=lambda r: (-r["claimed"], r["reviewer"]))

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
        reasons = row.reasons or []
        if status == "returned":
            # What the applicant is told to fix: the reviewer's words first, then what the
            # rules found that the applicant can correct.
            reasons = [_returned_by_reviewer(comment), *(r for r in reasons if r.get("action") == "return")]
        done = self.session.execute(
            update(CaseRow)
            .where(CaseRow.id == case_id, CaseRow.version == row.version)
            .values(
                status=status,
                decided_at=decided,
                result=result,
                reasons=reasons,
                reason_codes=" ".join(sorted({r["code"] for r in reasons})),
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
                reasons=reasons,
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
                data={
                    "comment": comment,
                    "reasons": [r["code"] for r in reasons],
                    **({"result": result} if result else {}),
                },
            )
        )


def _returned_by_reviewer(comment: str) -> dict:
    return reason("review.returned", source="reviewer", comment=comment).to_dict()
