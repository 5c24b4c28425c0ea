from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import ReviewerDep, ServiceDep
from approval import use_cases
from approval.persistence.review_store import TaskFilter

router = APIRouter(prefix="/v1/review", tags=["review"])


class ReviewDecision(BaseModel):
    outcome: Literal["approve", "reject", "return"]
    comment: str = Field(default="", max_length=4000)


@router.get("/tasks", summary="Routed cases, soonest deadline first")
def list_tasks(
    service: ServiceDep,
    _: ReviewerDep,
    status: Literal["open", "claimed", "routed", "approved", "rejected", "returned"] | None = None,
    matter: str | None = None,
    reason: str | None = Query(default=None, description="a reason code"),
    due_before: datetime | None = None,
    limit: int = Query(default=100, ge=1, le=500),
    offset: int = Query(default=0, ge=0),
) -> dict:
    filters = TaskFilter(
        status=status,
        matter=matter,
        reason_code=reason,
        due_before=due_before,
        limit=limit,
        offset=offset,
    )
    return {"tasks": use_cases.list_tasks(service, filters)}


@router.post("/tasks/{task_id}/claim", summary="Take a task; 409 if someone else has it")
def claim_task(task_id: str, service: ServiceDep, principal: ReviewerDep) -> dict:
    return use_cases.claim_task(service, principal, task_id)


@router.post("/tasks/{task_id}/decision", summary="Decide a claimed task")
def decide_task(task_id: str, decision: ReviewDecision, service: ServiceDep, principal: ReviewerDep) -> dict:
    return use_cases.decide_task(service, principal, task_id, decision.outcome, decision.comment)
