"""The office's statistics, as JSON and as a page with bar charts."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import ReviewerDep, ServiceDep
from api.html import back_to_queue, page
from api.openapi import PROTECTED, answers
from api.page_text import words_for
from api.params import Moment
from api.schemas import Statistics
from approval.use_cases.statistics import office_statistics

router = APIRouter(tags=["statistics"])


@router.get(
    "/v1/statistics",
    summary="Instant-approval and on-time rates, days to decision, top reasons",
    **answers(Statistics, 422, *PROTECTED),
)
def statistics(
    service: ServiceDep, principal: ReviewerDep, since: Moment | None = None, until: Moment | None = None
) -> dict:
    return office_statistics(service, since, until, principal)


def _bar(rate: float | None) -> str:
    if rate is None:
        return "—"
    style = f"display:inline-block;width:{int(rate * 120)}px;height:.8em;background:#37a"
    return f"<span style='{style}'></span> {rate:.0%}"


@router.get("/review/statistics", include_in_schema=False)
def statistics_page(request: Request, service: ServiceDep, principal: ReviewerDep) -> HTMLResponse:
    words = words_for(request)

    def days(r: dict) -> str:
        value = r["average_working_days_to_decision"]
        return "" if value is None else str(value)

    def matter(code: str) -> str:
        known = service.rulebook.matters.get(code)
        return code if known is None else words.pick(known.title, known.title_en)

    rows = "".join(
        f"<tr><td>{escape(matter(r['matter']))}</td><td>{escape(r['week'])}</td><td>{r['submitted']}</td>"
        f"<td>{r['decided']}</td><td>{_bar(r['instant_approval_rate'])}</td><td>{_bar(r['on_time_rate'])}</td>"
        f"<td>{days(r)}</td>"
        f"<td>{escape(', '.join(f'{c} ({n})' for c, n in r['top_routing_reasons']))}</td>"
        f"<td>{escape(', '.join(f'{c} ({n})' for c, n in r['top_return_reasons']))}</td>"
        f"<td>{'' if r['average_rating'] is None else r['average_rating']} ({r['ratings']})</td>"
        f"<td>{r['poor_ratings']}</td></tr>"
        for r in office_statistics(service, principal=principal)["rows"]
    )
    heads = ("col_matter", "week", "submitted", "decided", "instant_rate", "on_time_rate", "average_days",
             "top_routing", "top_returns", "average_rating", "poor_ratings")  # fmt: skip
    return page(
        words("statistics_title"),
        f"<table><tr>{''.join(f'<th>{escape(words(h))}</th>' for h in heads)}</tr>{rows}</table>"
        f"{back_to_queue(words)}",
        words=words,
    )
