"""The office's statistics, as JSON and as a page with bar charts."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import ReviewerDep, ServiceDep
from api.html import page
from api.openapi import PROTECTED, answers
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
    service: ServiceDep, _: ReviewerDep, since: Moment | None = None, until: Moment | None = None
) -> dict:
    return office_statistics(service, since, until)


def _bar(rate: float | None) -> str:
    if rate is None:
        return "—"
    style = f"display:inline-block;width:{int(rate * 120)}px;height:.8em;background:#37a"
    return f"<span style='{style}'></span> {rate:.0%}"


@router.get("/review/statistics", include_in_schema=False)
def statistics_page(service: ServiceDep, _: ReviewerDep) -> HTMLResponse:
    def days(r: dict) -> str:
        value = r["average_working_days_to_decision"]
        return "" if value is None else str(value)

    rows = "".join(
        f"<tr><td>{escape(r['matter'])}</td><td>{escape(r['week'])}</td><td>{r['submitted']}</td>"
        f"<td>{r['decided']}</td><td>{_bar(r['instant_approval_rate'])}</td><td>{_bar(r['on_time_rate'])}</td>"
        f"<td>{days(r)}</td>"
        f"<td>{escape(', '.join(f'{c} ({n})' for c, n in r['top_routing_reasons']))}</td>"
        f"<td>{escape(', '.join(f'{c} ({n})' for c, n in r['top_return_reasons']))}</td></tr>"
        for r in office_statistics(service)["rows"]
    )
    return page(
        "统计 Statistics (最近12周)",
        "<table><tr><th>事项</th><th>周</th><th>受理</th><th>办结</th><th>秒批率</th><th>按时办结率</th>"
        f"<th>平均办理工作日</th><th>主要转人工原因</th><th>主要退回原因</th></tr>{rows}</table>"
        "<p><a href=/review>返回队列</a></p>",
    )
