from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import ReviewerDep, ServiceDep
from api.openapi import PROTECTED, answers
from api.params import Code, Moment
from api.schemas import CaseView, ReviewerLoad, TaskPage
from approval import use_cases
from approval.persistence.review_store import TaskFilter

router = APIRouter(prefix="/v1/review", tags=["review"])


class ReviewDecision(BaseModel):
    outcome: Literal["approve", "reject", "return"]
    comment: str = Field(default="", max_length=4000)


@router.get(
    "/tasks",
    summary="Routed cases, soonest deadline first, a page at a time with the total",
    **answers(TaskPage, 422, *PROTECTED),
)
def list_tasks(
    service: ServiceDep,
    principal: ReviewerDep,
    status: Literal["open", "claimed", "routed", "approved", "rejected", "returned"] | None = None,
    matter: Code | None = None,
    reason: str | None = Query(default=None, max_length=64, description="a reason code"),
    assignee: str | None = Query(
        default=None, max_length=64, description="the token id of the reviewer holding it"
    ),
    warning: Literal["green", "yellow", "red"] | None = Query(
        default=None, description="red: overdue; yellow: most of the promised working days used"
    ),
    due_after: Moment | None = None,
    due_before: Moment | None = None,
    received_after: Moment | None = None,
    received_before: Moment | None = None,
    q: str | None = Query(default=None, max_length=64, description="case id (or its start), name, masked ID"),
    sort: Literal["due", "received"] = "due",
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0, le=1_000_000),
) -> dict:
    filters = TaskFilter(
        status=status,
        matter=matter,
        reason_code=reason,
        assignee=assignee,
        due_after=due_after,
        due_before=due_before,
        received_after=received_after,
        received_before=received_before,
        search=q,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return use_cases.list_tasks(service, filters, warning=warning, principal=principal)


@router.get(
    "/next",
    summary="Claim the most urgent unclaimed task (404 when there is none)",
    **answers(CaseView, 404, 409, *PROTECTED),
)
def next_task(service: ServiceDep, principal: ReviewerDep) -> dict:
    return use_cases.next_task(service, principal)


@router.post(
    "/tasks/{task_id}/claim",
    summary="Take a task; 409 if someone else has it; again by the holder: no-op",
    **answers(CaseView, 404, 409, *PROTECTED),
)
def claim_task(task_id: str, service: ServiceDep, principal: ReviewerDep) -> dict:
    return use_cases.claim_task(service, principal, task_id)


@router.post(
    "/tasks/{task_id}/release",
    summary="Give a claimed task back (its holder, or a supervisor)",
    **answers(CaseView, 404, 409, *PROTECTED),
)
def release_task(task_id: str, service: ServiceDep, principal: ReviewerDep) -> dict:
    return use_cases.release_task(service, principal, task_id)


class Assignment(BaseModel):
    reviewer: str = Field(max_length=32, description="the token id of the reviewer to give the task to")


@router.post(
    "/tasks/{task_id}/assign",
    summary="A supervisor gives a routed task to a reviewer",
    **answers(CaseView, 400, 404, 409, 422, *PROTECTED),
)
def assign_task(task_id: str, assignment: Assignment, service: ServiceDep, principal: ReviewerDep) -> dict:
    return use_cases.assign_task(service, principal, task_id, assignment.reviewer)


@router.get(
    "/load", summary="Every reviewer's claimed tasks (supervisors)", **answers(ReviewerLoad, *PROTECTED)
)
def reviewer_load(service: ServiceDep, principal: ReviewerDep) -> dict:
    return {"reviewers": use_cases.reviewer_load(service, principal)}


@router.post(
    "/tasks/{task_id}/decision",
    summary="Decide a claimed task (reject and return need a comment)",
    **answers(CaseView, 400, 404, 409, 422, *PROTECTED),
)
def decide_task(task_id: str, decision: ReviewDecision, service: ServiceDep, principal: ReviewerDep) -> dict:
    return use_cases.decide_task(service, principal, task_id, decision.outcome, decision.comment)
