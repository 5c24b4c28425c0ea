"""The supervisors' page of poor ratings (差评): each with the case it is about, closed with
what was done about it (整改)."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ReviewerDep, ServiceDep, check_csrf
from api.html import back_to_queue, page
from api.page_text import words_for
from api.routes.reviewer_pages import china_time, csrf_field, signed_in_as
from approval import use_cases
from approval.errors import RatingRefused

router = APIRouter(prefix="/review", include_in_schema=False)


@router.get("/ratings")
def poor_ratings_page(request: Request, service: ServiceDep, principal: ReviewerDep,
                      error: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:  # fmt: skip
    words = words_for(request)
    found = use_cases.poor_ratings(service, principal, limit=200)
    rows = "".join(
        f"<tr><td><a href='/review/cases/{escape(r['subject']['id'])}'>"
        f"{escape(r['subject']['id'][:8])}</a></td><td>{r['score']}</td><td>{escape(r['comment'])}</td>"
        f"<td>{escape(china_time(r['rated_at'], words))}</td>"
        f"<td><form method=post action='/review/ratings/{r['rating_id']}/handled'>{csrf_field(request)}"
        f"<input name=note size=40 required placeholder='{escape(words('handling_hint'))}'>"
        f"<button>{escape(words('handled'))}</button></form></td></tr>"
        for r in found["ratings"]
    )
    columns = ("col_case", "score", "comment", "rated_at", "handling")
    heads = "".join(f"<th>{escape(words(h))}</th>" for h in columns)
    notice = f"<p class=failed>{escape(error)}</p>" if error else ""
    return page(
        words("poor_ratings_title"),
        f"{signed_in_as(request, principal, words)}{notice}"
        f"<p>{escape(words('total', n=found['total']))}</p><table><tr>{heads}</tr>{rows}</table>"
        f"{back_to_queue(words)}",
        words=words,
    )


@router.post("/ratings/{rating_id}/handled")
def close_poor_rating(
    request: Request,
    rating_id: Annotated[int, Path(ge=1, le=2**62)],
    service: ServiceDep,
    principal: ReviewerDep,
    note: Annotated[str, Form(max_length=4000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    check_csrf(request, csrf)
    try:
        use_cases.handle_poor_rating(service, principal, rating_id, note)
    except RatingRefused as refused:
        return poor_ratings_page(request, service, principal, error=str(refused))
    return RedirectResponse("/review/ratings", status_code=303)
