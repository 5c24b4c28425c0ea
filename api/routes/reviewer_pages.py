"""A small browser front-end for reviewers over the same service calls as the JSON API.

The token is entered once and kept in an HttpOnly cookie; forms post back here.
"""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ReviewerDep, ServiceDep
from approval import use_cases
from approval.errors import ClaimConflict
from approval.persistence.review_store import TaskFilter

router = APIRouter(prefix="/review", tags=["reviewer pages"], include_in_schema=False)

STYLE = """<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.due{color:#a00}</style>"""


def page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang=zh><meta charset=utf-8><title>{escape(title)}</title>"
        f"{STYLE}<body><h1>{escape(title)}</h1>{body}</body></html>"
    )


@router.get("/login")
def login_form() -> HTMLResponse:
    return page(
        "审核人员登录 Reviewer sign-in",
        "<form method=post action=/review/login><label>Token <input name=token size=60></label>"
        "<button>登录</button></form>",
    )


@router.post("/login")
def login(token: Annotated[str, Form()]) -> RedirectResponse:
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie("approval_token", token.strip(), httponly=True, samesite="strict")
    return response


@router.get("")
def queue(service: ServiceDep, principal: ReviewerDep, status: str = "routed") -> HTMLResponse:
    tasks = use_cases.list_tasks(service, TaskFilter(status=status))["tasks"]
    rows = "".join(
        f"<tr><td><a href='/review/cases/{escape(t['case_id'])}'>{escape(t['case_id'][:8])}</a></td>"
        f"<td>{escape(t['matter'])}</td><td>{escape(t['applicant']['name'])}</td>"
        f"<td>{escape(t['applicant']['id_number'])}</td><td>{escape(', '.join(t['reason_codes']))}</td>"
        f"<td class=due>{escape(t['due_by'] or '')}</td><td>{escape(t['status'])}</td></tr>"
        for t in tasks
    )
    return page(
        "待审核案件 Review queue",
        "<table><tr><th>案件</th><th>事项</th><th>申请人</th><th>证件号</th><th>原因</th>"
        f"<th>办结时限</th><th>状态</th></tr>{rows}</table>",
    )


@router.get("/cases/{case_id}")
def case_page(case_id: str, service: ServiceDep, principal: ReviewerDep) -> HTMLResponse:
    case = use_cases.case_for(service, principal, case_id)
    reasons = "".join(
        f"<li><b>{escape(r['code'])}</b> {escape(r['message'])} "
        f"<small>{escape(str(r.get('field') or ''))} {escape(str(r.get('source') or ''))}</small></li>"
        for r in case["reasons"]
    )
    extracted = "".join(
        f"<tr><td>{escape(part)}</td><td>{escape(name)}</td><td>{escape(str(f['value']))}</td>"
        f"<td>{f['confidence']:.2f}</td></tr>"
        for part, fields in case["extracted"].items()
        for name, f in fields.items()
    )
    history = "".join(
        f"<li>{escape(e['at'])} {escape(e['type'])} ({escape(e['actor'])})</li>" for e in case["history"]
    )
    actions = ""
    if case["status"] == "routed":
        actions = (
            f"<form method=post action='/review/cases/{escape(case_id)}/claim'>"
            "<button>认领 Claim</button></form>"
            f"<form method=post action='/review/cases/{escape(case_id)}/decision'>"
            "<select name=outcome><option value=approve>准予 approve</option>"
            "<option value=reject>不予 reject</option><option value=return>退回补正 return</option></select>"
            "<input name=comment size=60 placeholder='意见 comment'><button>提交 Decide</button></form>"
        )
    return page(
        f"案件 {case_id}",
        f"<p>事项 {escape(case['matter'])} · 状态 <b>{escape(case['status'])}</b> · "
        f"时限 {escape(case['due_by'] or '')}</p><h2>原因 Reasons</h2><ul>{reasons}</ul>"
        f"<h2>识别结果 Extracted</h2><table>{extracted}</table>{actions}"
        f"<h2>记录 History</h2><ul>{history}</ul><p><a href=/review>返回队列</a></p>",
    )


@router.post("/cases/{case_id}/claim")
def claim(case_id: str, service: ServiceDep, principal: ReviewerDep) -> HTMLResponse:
    try:
        use_cases.claim_task(service, principal, case_id)
    except ClaimConflict:
        return page("已被他人认领 Already claimed", "<p><a href=/review>返回队列</a></p>")
    return RedirectResponse(f"/review/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/decision")
def decide(
    case_id: str,
    service: ServiceDep,
    principal: ReviewerDep,
    outcome: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
) -> HTMLResponse:
    if outcome not in ("approve", "reject", "return"):
        return page("无效的决定 Invalid outcome", "<p><a href=/review>返回队列</a></p>")
    try:
        use_cases.decide_task(service, principal, case_id, outcome, comment)
    except ClaimConflict:
        return page(
            "请先认领 Claim the task first", f"<p><a href='/review/cases/{escape(case_id)}'>返回</a></p>"
        )
    return RedirectResponse(f"/review/cases/{case_id}", status_code=303)
