"""The reviewers' browser pages over the same use cases as the JSON API.

A named person signs in with username and password (``approval accounts create``); the session
cookie is HttpOnly and SameSite=Strict, and every form carries the session's CSRF token. A
browser is never shown a raw JSON error (``api/errors.py`` answers pages under /review in HTML).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import partial
from html import escape
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import SESSION_COOKIE, ReviewerDep, ServiceDep, check_csrf
from api.html import page
from approval import use_cases
from approval.accounts import sign_in, sign_out
from approval.errors import ClaimConflict, NotFound, SubmissionError
from approval.persistence.review_store import TaskFilter
from approval.service import ApprovalService
from approval.tokens import Principal
from approval.working_days import CHINA

router = APIRouter(prefix="/review", tags=["reviewer pages"], include_in_schema=False)

WARNING_TEXT = {"red": "已超期 overdue", "yellow": "即将到期 due soon", "green": "正常 on time"}
# What the applicant typed, and the field of the ID card that should say the same.
COMPARED = (("applicant", "name", "name"), ("applicant", "id_number", "id_number"))


LOGIN_CSRF_COOKIE = "approval_login_csrf"


def csrf_field(request: Request) -> str:
    """The hidden field every form of a signed-in page carries."""
    return f"<input type=hidden name=csrf value='{escape(getattr(request.state, 'csrf', None) or '')}'>"


def _login_page(error: str = "", status: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    notice = f"<p class=failed>{escape(error)}</p>" if error else ""
    response = page(
        "审核人员登录 Reviewer sign-in",
        f"{notice}<form method=post action=/review/login><input type=hidden name=csrf value='{token}'>"
        "<p><label>用户名 Username <input name=username autocomplete=username required></label></p>"
        "<p><label>密码 Password <input name=password type=password autocomplete=current-password required>"
        "</label></p><button>登录 Sign in</button></form>",
    )
    response.status_code = status
    # Double-submit: the sign-in form posts back the value this cookie holds.
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/review")
    return response


@router.get("/login")
def login_form() -> HTMLResponse:
    return _login_page()


@router.post("/login")
def login(
    request: Request,
    service: ServiceDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not expected or not hmac.compare_digest(expected, csrf):
        return _login_page("页面已过期，请重新登录 The page expired; sign in again.", status=403)
    signed = sign_in(service.sessions, username.strip(), password, service.settings.web_session_hours)
    if signed is None:
        return _login_page("用户名或密码错误 Wrong username or password.", status=401)
    cookie, _ = signed
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https",
                        max_age=int(service.settings.web_session_hours * 3600))  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/review")
    return response


@router.post("/logout")
def logout(
    request: Request, service: ServiceDep, _: ReviewerDep, csrf: Annotated[str, Form()] = ""
) -> RedirectResponse:
    check_csrf(request, csrf)
    sign_out(service.sessions, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/review/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("")
def queue(
    request: Request,
    service: ServiceDep,
    principal: ReviewerDep,
    status: str = "routed",
    matter: str = "",
    warning: str = "",
    q: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    filters = TaskFilter(status=status or "routed", matter=matter or None, search=q or None)
    found = use_cases.list_tasks(service, filters, warning=warning if warning in WARNING_TEXT else None)
    tasks = found["tasks"]
    rows = "".join(
        f"<tr class='{escape(t['warning'] or '')}'>"
        f"<td><a href='/review/cases/{escape(t['case_id'])}'>{escape(t['case_id'][:8])}</a></td>"
        f"<td>{escape(t['matter'])}</td><td>{escape(t['applicant']['name'])}</td>"
        f"<td>{escape(t['applicant']['id_number'])}</td><td>{escape(', '.join(t['reason_codes']))}</td>"
        f"<td>{escape((t['due_by_china'] or '')[:16].replace('T', ' '))}</td>"
        f"<td>{escape(str(t['working_days_left'] if t['working_days_left'] is not None else ''))}</td>"
        f"<td>{escape(WARNING_TEXT.get(t['warning'] or '', ''))}</td><td>{escape(t['status'])}</td></tr>"
        for t in tasks
    )
    return page(
        "待审核案件 Review queue",
        f"{_signed_in_as(request, principal)}{_filters(service, status, matter, warning, q)}"
        f"<p>共 {found['total']} 件 (total)</p>"
        f"<form method=post action=/review/next>{csrf_field(request)}"
        "<button>领取下一件 Take the next task</button></form>"
        "<table><tr><th>案件</th><th>事项</th><th>申请人</th><th>证件号</th><th>原因</th>"
        f"<th>办结时限（北京时间）</th><th>剩余工作日</th><th>预警</th><th>状态</th></tr>{rows}</table>",
    )


def _filters(service: ApprovalService, status: str, matter: str, warning: str, q: str) -> str:
    def options(choices: list[tuple[str, str]], chosen: str) -> str:
        return "".join(f"<option value='{escape(v)}'{' selected' if v == chosen else ''}>{escape(t)}</option>"
                       for v, t in choices)  # fmt: skip

    statuses = [("routed", "待审核 all"), ("open", "未认领 open"), ("claimed", "已认领 claimed"),
                ("returned", "已退回 returned"), ("approved", "已准予 approved"),
                ("rejected", "不予 rejected")]  # fmt: skip
    matters = [("", "全部事项 all matters")] + [(m.code, m.title) for m in service.rulebook.matters.values()]
    warnings = [("", "全部 any"), *WARNING_TEXT.items()]
    return (
        "<form method=get action=/review>"
        f"<select name=status>{options(statuses, status)}</select> "
        f"<select name=matter>{options(matters, matter)}</select> "
        f"<select name=warning>{options(warnings, warning)}</select> "
        f"<input name=q value='{escape(q)}' placeholder='案件号 / 姓名 / 证件号（脱敏）'> "
        "<button>筛选 Filter</button></form>"
    )


def _china_time(iso: str | None) -> str:
    """A stored moment as a clerk reads it: China Standard Time, to the minute."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(CHINA).strftime("%Y-%m-%d %H:%M（北京时间）")


def _signed_in_as(request: Request, principal: Principal) -> str:
    return (f"<p>{escape(principal.label or principal.role)} · <a href=/review/statistics>统计</a> · "
            f"<form method=post action=/review/logout style=display:inline>{csrf_field(request)}"
            "<button>退出 Sign out</button></form></p>")  # fmt: skip


def _form_beside_documents(case: dict) -> str:
    """Each typed value beside what the documents say, differences marked."""
    submission = case.get("submission") or {}
    read = {name: f for fields in case["extracted"].values() for name, f in fields.items()}
    rows = []
    for section, key, card_field in COMPARED:
        typed = str((submission.get(section) or {}).get(key) or "")
        found = read.get(card_field)
        on_card = "" if found is None else str(found["value"])
        differs = bool(found) and on_card != typed
        conf = "" if found is None else f" ({found['confidence']:.2f})"
        rows.append(f"<tr class='{'differs' if differs else ''}'><td>{escape(section)}.{escape(key)}</td>"
                    f"<td>{escape(typed)}</td><td>{escape(on_card)}{escape(conf)}</td></tr>")  # fmt: skip
    for key, value in (submission.get("form") or {}).items():
        rows.append(f"<tr><td>form.{escape(str(key))}</td><td>{escape(str(value))}</td><td></td></tr>")
    return (
        "<table><tr><th>项目</th><th>申请人填写</th><th>证件识别（置信度）</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _documents(case: dict) -> str:
    out = []
    for d in case["documents"]:
        url = f"/v1/cases/{escape(case['case_id'])}/documents/{escape(d['part'])}"
        fields = case["extracted"].get(d["part"], {})
        read = "".join(f"<li>{escape(n)}: {escape(str(f['value']))} ({f['confidence']:.2f})</li>"
                       for n, f in fields.items())  # fmt: skip
        is_pdf = d["media_type"] == "application/pdf"
        image = f"<img class=doc src='{url}' alt='{escape(d['part'])}'>"
        picture = f"<a href='{url}'>PDF</a>" if is_pdf else image
        warnings = ", ".join(str(w.get("code", w)) if isinstance(w, dict) else str(w) for w in d["warnings"])
        out.append(f"<div><h3>{escape(d['part'])} · {escape(d['kind'] or '')}</h3>{picture}"
                   f"<ul>{read}</ul><small>{escape(warnings)}</small></div>")  # fmt: skip
    return "<div class=cols>" + "".join(out) + "</div>"


def _rule_trace(case: dict, service: ApprovalService) -> str:
    engine = next((d for d in case.get("decisions", []) if d["decided_by"] == "engine"), None)
    if engine is None:
        return "<p>—</p>"
    # The legal basis as the deciding ruleset states it (shown when that ruleset is in force).
    matter = service.rulebook.matters.get(case["matter"])
    same = matter is not None and engine["ruleset"]["digest"] == service.rulebook.digest
    basis = {r.id: r.spec.basis for r in matter.rules} if same else {}
    rows = []
    for entry in engine["trace"]:
        if "rule" not in entry:
            continue
        facts = "; ".join(f"{k}={(v or {}).get('value')!s}" for k, v in (entry.get("facts") or {}).items())
        rows.append(f"<tr><td>{escape(entry['rule'])}</td><td>{escape(entry.get('title', ''))}</td>"
                    f"<td class='{escape(entry['outcome'])}'>{escape(entry['outcome'])}</td>"
                    f"<td>{escape(entry.get('detail', ''))}</td>"
                    f"<td><small>{escape(basis.get(entry['rule'], ''))}</small></td>"
                    f"<td><small>{escape(facts)}</small></td></tr>")  # fmt: skip
    head = "<tr><th>规则</th><th>名称</th><th>结果</th><th>说明</th><th>法律依据</th><th>依据事实</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _actions(case: dict, principal_id: str, csrf: str, comment: str = "", error: str = "") -> str:
    if case["status"] != "routed":
        return ""
    case_id = escape(case["case_id"])
    holder = case.get("claimed_by")
    if holder is None:
        button = "<button>认领 Claim</button>"
        return f"<form method=post action='/review/cases/{case_id}/claim'>{csrf}{button}</form>"
    if holder != principal_id:
        return "<p>已由其他审核人员认领 Claimed by another reviewer.</p>"
    notice = f"<p class=failed>{escape(error)}</p>" if error else ""
    return (
        f"{notice}<form method=post action='/review/cases/{case_id}/decision'>{csrf}"
        "<select name=outcome><option value=approve>准予 approve</option>"
        "<option value=reject>不予 reject</option><option value=return>退回补正 return</option></select>"
        f"<input name=comment size=60 placeholder='意见（不予、退回时必填）' value='{escape(comment)}'>"
        "<button>提交 Decide</button></form>"
        f"<form method=post action='/review/cases/{case_id}/release'>{csrf}"
        "<button>释放 Release</button></form>"
    )


def _case_page(
    request: Request,
    service: ApprovalService,
    case: dict,
    principal: Principal,
    comment: str = "",
    error: str = "",
) -> HTMLResponse:
    reasons = "".join(
        f"<li><b>{escape(r['code'])}</b> {escape(r['message'])} "
        f"<small>{escape(str(r.get('field') or ''))} {escape(str(r.get('source') or ''))}</small></li>"
        for r in case["reasons"]
    )
    history = "".join(
        f"<li>{escape(e['at'])} {escape(e['type'])} ({escape(e.get('actor_name') or e['actor'])})"
        f"{(' — ' + escape(str(e['data'].get('comment')))) if e['data'].get('comment') else ''}</li>"
        for e in case["history"]
    )
    result = case.get("result") or {}
    registered = ""
    if result.get("credit_code"):
        registered = (f"<p>统一社会信用代码 <b>{escape(result['credit_code'])}</b> · "
                      f"<a href='{escape(result.get('licence', ''))}'>营业执照</a></p>")  # fmt: skip
    actions = _actions(case, principal.token_id, csrf_field(request), comment, error)
    return page(
        f"案件 {case['case_id']}",
        f"<p>事项 {escape(case['matter'])} · 状态 <b>{escape(case['status'])}</b> · "
        f"时限 {escape(_china_time(case['due_by']))}</p>"
        f"{_signed_in_as(request, principal)}{registered}{actions}"
        f"<h2>原因 Reasons</h2><ul>{reasons}</ul>"
        f"<h2>申请与证件 Form and documents</h2>{_form_beside_documents(case)}{_documents(case)}"
        f"<h2>规则 Rules</h2>{_rule_trace(case, service)}"
        f"<h2>记录 History</h2><ul>{history}</ul><p><a href=/review>返回队列</a></p>",
    )


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, service: ServiceDep, principal: ReviewerDep) -> HTMLResponse:
    return _case_page(request, service, use_cases.case_for(service, principal, case_id), principal)


@router.post("/next")
def take_next(
    request: Request, service: ServiceDep, principal: ReviewerDep, csrf: Annotated[str, Form()] = ""
) -> HTMLResponse:
    check_csrf(request, csrf)
    try:
        case = use_cases.next_task(service, principal)
    except NotFound:
        return page("没有待领取的案件 Nothing to take", "<p><a href=/review>返回队列</a></p>")
    return RedirectResponse(f"/review/cases/{case['case_id']}", status_code=303)


CsrfField = Annotated[str, Form()]


def _on_task(
    request: Request, case_id: str, csrf: str, act: Callable[[], object], refused: str
) -> HTMLResponse:
    """A form's action on a task, then back to the case (or why it could not be done)."""
    check_csrf(request, csrf)
    try:
        act()
    except ClaimConflict:
        return page(refused, "<p><a href=/review>返回队列</a></p>")
    return RedirectResponse(f"/review/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/release")
def release(
    request: Request, case_id: str, service: ServiceDep, principal: ReviewerDep, csrf: CsrfField = ""
) -> HTMLResponse:
    act = partial(use_cases.release_task, service, principal, case_id)
    return _on_task(request, case_id, csrf, act, "无法释放 Cannot release")


@router.post("/cases/{case_id}/claim")
def claim(
    request: Request, case_id: str, service: ServiceDep, principal: ReviewerDep, csrf: CsrfField = ""
) -> HTMLResponse:
    act = partial(use_cases.claim_task, service, principal, case_id)
    return _on_task(request, case_id, csrf, act, "已被他人认领 Already claimed")


@router.post("/cases/{case_id}/decision")
def decide(
    request: Request,
    case_id: str,
    service: ServiceDep,
    principal: ReviewerDep,
    outcome: Annotated[str, Form()],
    comment: Annotated[str, Form(max_length=4000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    check_csrf(request, csrf)
    if outcome not in ("approve", "reject", "return"):
        return page("无效的决定 Invalid outcome", "<p><a href=/review>返回队列</a></p>")
    try:
        use_cases.decide_task(service, principal, case_id, outcome, comment)
    except ClaimConflict:
        return page(
            "请先认领 Claim the task first", f"<p><a href='/review/cases/{escape(case_id)}'>返回</a></p>"
        )
    except SubmissionError as exc:
        # What the reviewer typed is kept, with why it was refused.
        case = use_cases.case_for(service, principal, case_id)
        return _case_page(request, service, case, principal, comment=comment, error=str(exc))
    return RedirectResponse(f"/review/cases/{case_id}", status_code=303)
