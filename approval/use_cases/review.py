"""Reviewers work the queue of routed cases: list, take the next, claim, release, decide.

The semantics are a task list's (Camunda, Flowable): a task is claimed by one reviewer; the
holder claiming again changes nothing; the holder or a supervisor releases it; only the holder
decides it; rejecting or returning needs a comment, which is kept and shown.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from approval.case_view import task_summary
from approval.errors import ClaimConflict, Forbidden, NotFound, SubmissionError
from approval.persistence.review_store import TaskFilter
from approval.registration import REGISTERING_MATTERS, registration_for
from approval.tokens import Principal
from approval.use_cases.bundles import redecide_parts_after
from approval.use_cases.scoping import require_in_scope, scope_for
from approval.use_cases.viewing import case_view

if TYPE_CHECKING:
    from approval.service import ApprovalService

REVIEW_OUTCOMES = {"approve": "approved", "reject": "rejected", "return": "returned"}
# The warning level is computed, not stored: a queue filtered by it is filtered after reading
# at most this many matching tasks.
WARNING_SCAN_LIMIT = 10_000


def list_tasks(app: ApprovalService, filters: TaskFilter, warning: str | None = None,
               principal: Principal | None = None) -> dict:  # fmt: skip
    """A page of tasks and how many match in all (of the principal's jurisdiction)."""
    now, share = datetime.now(UTC), app.settings.review_yellow_share
    if principal is not None:
        filters = dataclasses.replace(filters, scope=scope_for(app, principal))
    with app.uow() as uow:
        if warning is None:
            rows = uow.reviews.list_tasks(filters)
            total = uow.reviews.count_tasks(filters)
            tasks = [task_summary(row, now, share) for row in rows]
        else:
            scan = dataclasses.replace(filters, limit=WARNING_SCAN_LIMIT, offset=0)
            summaries = (task_summary(row, now, share) for row in uow.reviews.list_tasks(scan))
            matching = [t for t in summaries if t["warning"] == warning]
            total = len(matching)
            tasks = matching[filters.offset : filters.offset + filters.limit]
    return {"tasks": tasks, "total": total, "limit": filters.limit, "offset": filters.offset}


def claim_task(app: ApprovalService, principal: Principal, case_id: str) -> dict:
    with app.uow() as uow:
        require_in_scope(app, principal, uow.cases.get(case_id), case_id)
        uow.reviews.claim(case_id, principal.token_id)
        uow.commit()
    return case_view(app, case_id)


def next_task(app: ApprovalService, principal: Principal) -> dict:
    """Claim the most urgent unclaimed task; NotFound when the queue is empty. On PostgreSQL
    concurrent callers skip each other's locked rows; where the database cannot (SQLite), a
    caller that loses the claim takes the next one."""
    for _ in range(20):
        with app.uow() as uow:
            row = uow.reviews.most_urgent_open(scope_for(app, principal))
            if row is None:
                raise NotFound("no open task")
            case_id = row.id
            try:
                uow.reviews.claim(case_id, principal.token_id)
            except ClaimConflict:
                continue
            uow.commit()
        return case_view(app, case_id)
    raise ClaimConflict("the queue is too busy; ask again")


def release_task(app: ApprovalService, principal: Principal, case_id: str) -> dict:
    with app.uow() as uow:
        require_in_scope(app, principal, uow.cases.get(case_id), case_id)
        uow.reviews.release(case_id, principal.token_id, holder_only=not principal.supervises)
        uow.commit()
    return case_view(app, case_id)


def assign_task(app: ApprovalService, supervisor: Principal, case_id: str, reviewer_id: str) -> dict:
    if not supervisor.supervises:
        raise Forbidden("only a supervisor assigns tasks")
    with app.uow() as uow:
        require_in_scope(app, supervisor, uow.cases.get(case_id), case_id)
        uow.reviews.assign(case_id, reviewer_id, supervisor.token_id)
        uow.commit()
    return case_view(app, case_id)


def reviewer_load(app: ApprovalService, supervisor: Principal) -> list[dict]:
    if not supervisor.supervises:
        raise Forbidden("only a supervisor sees everyone's load")
    with app.uow() as uow:
        return uow.reviews.load()


def decide_task(app: ApprovalService, principal: Principal, case_id: str, outcome: str, comment: str) -> dict:
    status = REVIEW_OUTCOMES[outcome]
    if status in ("rejected", "returned") and not comment.strip():
        raise SubmissionError(
            f"a comment is required to {outcome} a case: the applicant is told it",
            [{"loc": ["body", "comment"], "type": "missing", "msg": "required for reject and return"}],
            code="comment_required",
        )
    with app.uow() as uow:
        row = require_in_scope(app, principal, uow.cases.get(case_id), case_id)
        if row.claimed_by != principal.token_id:
            raise ClaimConflict(case_id)
        entry, result = None, None
        if status == "approved" and row.matter in REGISTERING_MATTERS:
            entry, result = registration_for(uow.register, case_id, row.matter, row.submission["body"],
                                             app.settings.public_base_url)  # fmt: skip
        uow.reviews.record_decision(case_id, reviewer_id=principal.token_id, status=status,
                                    comment=comment.strip(), result=result, register_entry=entry)  # fmt: skip
        redecide_parts_after(app, uow, case_id)  # a bundle's registration: its waiting parts
        uow.commit()
    return case_view(app, case_id)
