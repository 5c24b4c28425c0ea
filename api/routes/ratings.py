"""好差评: the portal posts the applicant's rating of a finished case; supervisors follow up the
poor ones."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import PortalDep, ReviewerDep, ServiceDep
from api.openapi import PROTECTED, answers
from approval import use_cases

router = APIRouter(tags=["ratings"])


class RatingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    score: int = Field(ge=1, le=5, description="1 非常不满意 … 5 非常满意")
    comment: str = Field(default="", max_length=1000, description="the applicant's words")


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(min_length=1, max_length=4000, description="what was done about the rating (整改)")


class RatingSubject(BaseModel):
    type: Literal["case", "bundle"]
    id: str


class Handling(BaseModel):
    at: str
    by: str | None
    note: str


class Rating(BaseModel):
    rating_id: int
    subject: RatingSubject
    matter: str
    score: int
    comment: str
    rated_at: str
    poor: bool = Field(description="one or two stars: a supervisor follows it up")
    handled: Handling | None = None


class PoorRatings(BaseModel):
    ratings: list[Rating]
    total: int


@router.post(
    "/v1/cases/{case_id}/rating",
    status_code=201,
    summary="The applicant's rating of a decided case (好差评); the same rating again is a retry (200)",
    **answers(Rating, 404, 409, 422, *PROTECTED),
)
def rate_case(case_id: str, rating: RatingIn, service: ServiceDep, principal: PortalDep) -> JSONResponse:
    view, created = use_cases.rate_case(service, principal, case_id, rating.score, rating.comment)
    return JSONResponse(status_code=201 if created else 200, content=view)


@router.post(
    "/v1/bundles/{bundle_id}/rating",
    status_code=201,
    summary="The applicant's rating of a decided 一件事 bundle, as one service (好差评)",
    **answers(Rating, 404, 409, 422, *PROTECTED),
)
def rate_bundle(bundle_id: Annotated[str, Path(max_length=64)], rating: RatingIn, service: ServiceDep,
                principal: PortalDep) -> JSONResponse:  # fmt: skip
    view, created = use_cases.rate_bundle(service, principal, bundle_id, rating.score, rating.comment)
    return JSONResponse(status_code=201 if created else 200, content=view)


@router.get(
    "/v1/review/ratings",
    summary="Poor ratings waiting for a supervisor (or, with handled=true, those followed up)",
    **answers(PoorRatings, 422, *PROTECTED),
)
def poor_ratings(
    service: ServiceDep,
    principal: ReviewerDep,
    handled: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict:
    return use_cases.poor_ratings(service, principal, handled=handled, limit=limit, offset=offset)


@router.post(
    "/v1/review/ratings/{rating_id}/handled",
    summary="A supervisor closes a poor rating with what was done about it",
    **answers(Rating, 404, 409, 422, *PROTECTED),
)
def handle_poor_rating(
    rating_id: Annotated[int, Path(ge=1, le=2**62)], body: NoteIn, service: ServiceDep, principal: ReviewerDep
) -> dict:
    return use_cases.handle_poor_rating(service, principal, rating_id, body.note)
