"""Reviewers work the queue of routed cases: list, claim, decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from approval.case_view import task_summary
from approval.errors import NotFound
from approval.persistence.review_store import TaskFilter
from approval.registration import REGISTERING_MATTERS, registration_for
from approval.tokens import Principal
from approval.use_cases.viewing import case_view

if TYPE_CHECKING:
    from approval.service import ApprovalService

REVIEW_OUTCOMES = {"approve": "approved", "reject": "rejected", "return": "returned"}


def list_tasks(app: ApprovalService, filters: TaskFilter) -> list[dict]:
    with app.uow() as uow:
        return [task_summary(row) for row in uow.reviews.list_tasks(filters)]


def claim_task(app: ApprovalService, principal: Principal, case_id: str) -> dict:
    with app.uow() as uow:
        if uow.cases.get(case_id) is None:
            raise NotFound(case_id)
        uow.reviews.claim(case_id, principal.token_id)
        uow.commit()
    return case_view(app, case_id)


def decide_task(app: ApprovalService, principal: Principal, case_id: str, outcome: str, comment: str) -> dict:
    status = REVIEW_OUTCOMES[outcome]
    with app.uow() as uow:
        row = uow.cases.get(case_id)
        if row is None:
            raise NotFound(case_id)
        entry, result = None, None
        if status == "approved" and row.matter in REGISTERING_MATTERS:
            entry, result = registration_for(uow.register, case_id, row.matter, row.submission["body"],
                                             app.settings.public_base_url)  # fmt: skip
        uow.reviews.record_decision(case_id, reviewer_id=principal.token_id, status=status, comment=comment,
                                    result=result, register_entry=entry)  # fmt: skip
        uow.commit()
    return case_view(app, case_id)
