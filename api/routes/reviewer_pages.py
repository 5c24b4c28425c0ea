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
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import SESSION_COOKIE, ReviewerDep, ServiceDep, check_csrf
from api.html import back_to_queue, page
from api.page_text import LANG_COOKIE, LANGUAGES, Words, words_for
from api.params import Code
from approval import use_cases
from approval.accounts import sign_in, sign_out
from approval.errors import ClaimConflict, NotFound, SubmissionError
from approval.persistence.review_store import TaskFilter
from approval.service import ApprovalService
from approval.tokens import Principal
from approval.working_days import CHINA
from ocr.reading import field_title

router = APIRouter(prefix="/review", tags=["reviewer pages"], include_in_schema=False)

WARNINGS = ("red", "yellow", "green")
OUTCOMES = ("approve", "reject", "return")
# Below this a field read from a document is outlined as doubtful (what the matters require).
DECIDING_CONFIDENCE = 0.9
# What the applicant typed, and the field of the ID card that should say the same.
COMPARED = (("applicant", "name", "name"), ("applicant", "id_number", "id_number"))


LOGIN_CSRF_COOKIE = "approval_login_csrf"


def csrf_field(request: Request) -> str:
    """The hidden field every form of a signed-in page carries."""
    return f"<input type=hidden name=csrf value='{escape(getattr(request.state, 'csrf', None) or '')}'>"


def _login_page(words: Words, error: str = "", status: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    notice = f"<p class=failed>{escape(words(error))}</p>" if error else ""
    response = page(
        words("sign_in_title"),
        f"{notice}<form method=post action=/review/login><input type=hidden name=csrf value='{token}'>"
        f"<p><label>{words('username')} <input name=username autocomplete=username required></label></p>"
        f"<p><label>{words('password')} <input name=password type=password "
        f"autocomplete=current-password required></label></p><button>{words('sign_in')}</button></form>",
        status,
        words,
    )
    # Double-submit: the sign-in form posts back the value this cookie holds.
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/review")
    return response


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return _login_page(words_for(request))


@router.get("/language/{lang}")
def choose_language(request: Request, lang: str) -> RedirectResponse:
    """The reviewer's choice of language, kept in a cookie; back to the page they were on."""
    back = urlsplit(request.headers.get("referer", ""))
    same_site = back.netloc in ("", request.url.netloc) and back.path.startswith("/review")
    target = (back.path + (f"?{back.query}" if back.query else "")) if same_site else "/review"
    response = RedirectResponse(target, status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", path="/")
    return response


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
        return _login_page(words_for(request), "page_expired", status=403)
    signed = sign_in(service.sessions, username.strip(), password, service.settings.web_session_hours)
    if signed is None:
        return _login_page(words_for(request), "wrong_password", status=401)
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
    status: Code = "routed",
    matter: Code = "",
    warning: Code = "",
    q: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    words = words_for(request)
    filters = TaskFilter(status=status or "routed", matter=matter or None, search=q or None)
    found = use_cases.list_tasks(service, filters, warning=warning if warning in WARNINGS else None,
                                 principal=principal)  # fmt: skip
    rows = "".join(
        f"<tr class='{escape(t['warning'] or '')}'>"
        f"<td><a href='/review/cases/{escape(t['case_id'])}'>{escape(t['case_id'][:8])}</a></td>"
        f"<td>{escape(_matter_title(service, t['matter'], words))}</td>"
        f"<td>{escape(t['applicant']['name'])}</td>"
        f"<td>{escape(t['applicant']['id_number'])}</td><td>{escape(', '.join(t['reason_codes']))}</td>"
        f"<td>{escape(china_time(t['due_by_china'], words))}</td>"
        f"<td>{escape(str(t['working_days_left'] if t['working_days_left'] is not None else ''))}</td>"
        f"<td>{escape(words.named('warning', t['warning'], ''))}</td>"
        f"<td>{escape(words.named('status', t['status']))}</td></tr>"
        for t in found["tasks"]
    )
    heads = ("col_case", "col_matter", "col_applicant", "col_id_number", "col_reasons", "col_due",
             "col_days_left", "col_warning", "col_status")  # fmt: skip
    return page(
        words("queue_title"),
        f"{signed_in_as(request, principal, words)}{_filters(service, words, status, matter, warning, q)}"
        f"<p>{escape(words('total', n=found['total']))}</p>"
        f"<form method=post action=/review/next>{csrf_field(request)}"
        f"<button>{escape(words('take_next'))}</button></form>"
        f"<table><tr>{''.join(f'<th>{escape(words(h))}</th>' for h in heads)}</tr>{rows}</table>",
        words=words,
    )


def _matter_title(service: ApprovalService, code: str, words: Words) -> str:
    matter = service.rulebook.matters.get(code)
    return code if matter is None else words.pick(matter.title, matter.title_en)


def _filters(service: ApprovalService, words: Words, status: str, matter: str, warning: str, q: str) -> str:
    def options(choices: list[tuple[str, str]], chosen: str) -> str:
        return "".join(f"<option value='{escape(v)}'{' selected' if v == chosen else ''}>{escape(t)}</option>"
                       for v, t in choices)  # fmt: skip

    statuses = [("routed", words("all_routed"))] + [
        (s, words(f"status.{s}")) for s in ("open", "claimed", "returned", "approved", "rejected")
    ]
    matters = [("", words("all_matters"))] + [
        (code, _matter_title(service, code, words)) for code in service.rulebook.matters
    ]
    warnings = [("", words("any_warning"))] + [(w, words(f"warning.{w}")) for w in WARNINGS]
    return (
        "<form method=get action=/review>"
        f"<select name=status>{options(statuses, status)}</select> "
        f"<select name=matter>{options(matters, matter)}</select> "
        f"<select name=warning>{options(warnings, warning)}</select> "
        f"<input name=q value='{escape(q)}' placeholder='{escape(words('search_hint'))}'> "
        f"<button>{escape(words('filter'))}</button></form>"
    )


def china_time(iso: str | None, words: Words) -> str:
    """A stored moment as a clerk reads it: China Standard Time, to the minute."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(CHINA).strftime(words("china_time"))


def signed_in_as(request: Request, principal: Principal, words: Words) -> str:
    link = f"<a href=/review/ratings>{escape(words('poor_ratings'))}</a> · "
    ratings = link if principal.supervises else ""
    return (f"<p>{escape(principal.label or principal.role)} · "
            f"<a href=/review/statistics>{escape(words('statistics'))}</a> · {ratings}"
            f"<form method=post action=/review/logout style=display:inline>{csrf_field(request)}"
            f"<button>{escape(words('sign_out'))}</button></form></p>")  # fmt: skip


def _form_beside_documents(case: dict, words: Words) -> str:
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
    heads = "".join(f"<th>{escape(words(h))}</th>" for h in ("item", "typed", "read"))
    return f"<table><tr>{heads}</tr>{''.join(rows)}</table>"


def _documents(case: dict, words: Words) -> str:
    out = []
    for d in case["documents"]:
        url = f"/v1/cases/{escape(case['case_id'])}/documents/{escape(d['part'])}"
        fields = case["extracted"].get(d["part"], {})
        read = "".join(f"<li>{escape(field_title(d['kind'], n, words.english))}: {escape(str(f['value']))} "
                       f"({f['confidence']:.2f})</li>" for n, f in fields.items())  # fmt: skip
        if d["media_type"] == "application/pdf":
            picture = f"<a href='{url}'>PDF</a>"
        else:
            picture = _outlined_image(url, d, fields, words)
        warnings = ", ".join(
            words.pick(w.get("message", ""), w.get("message_en")) if isinstance(w, dict) else str(w)
            for w in d["warnings"]
        )
        out.append(f"<div><h3>{escape(d['part'])} · {escape(d['kind'] or '')}</h3>{picture}"
                   f"<ul>{read}</ul><small>{escape(warnings)}</small></div>")  # fmt: skip
    note = f"<p><small>{escape(words('outlined'))}</small></p>"
    return note + "<div class=cols>" + "".join(out) + "</div>"


def _outlined_image(url: str, document: dict, fields: dict, words: Words) -> str:
    """The document as uploaded, each field read outlined where it is printed, with its
    confidence (red: below what an automatic decision needs)."""
    polygons, tags = [], []
    for name, read in fields.items():
        outlines = read.get("where") or []
        doubtful = " doubtful" if float(read["confidence"]) < DECIDING_CONFIDENCE else ""
        label = f"{field_title(document['kind'], name, words.english)} {float(read['confidence']):.2f}"
        for outline in outlines:
            points = " ".join(f"{float(x) * 1000:.1f},{float(y) * 1000:.1f}" for x, y in outline)
            polygons.append(f"<polygon class='{doubtful.strip()}' points='{points}' vector-effect="
                            f"non-scaling-stroke><title>{escape(label)}</title></polygon>")  # fmt: skip
        if outlines:
            left = min(float(x) for x, _ in outlines[0]) * 100
            top = min(float(y) for _, y in outlines[0]) * 100
            tags.append(f"<span class='tag{doubtful}' style='left:{left:.2f}%;top:{top:.2f}%'>"
                        f"{escape(label)}</span>")  # fmt: skip
    svg = (f"<svg viewBox='0 0 1000 1000' preserveAspectRatio=none aria-hidden=true>{''.join(polygons)}</svg>"
           if polygons else "")  # fmt: skip
    return (f"<figure class=doc><img src='{url}' alt='{escape(document['part'])}'>{svg}"
            f"{''.join(tags)}</figure>")  # fmt: skip


def _rule_trace(case: dict, service: ApprovalService, words: Words) -> str:
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
        outcome = entry["outcome"]
        rows.append(f"<tr><td>{escape(entry['rule'])}</td><td>{escape(entry.get('title', ''))}</td>"
                    f"<td class='{escape(outcome)}'>{escape(words.named('outcome', outcome))}</td>"
                    f"<td>{escape(words.pick(entry.get('detail', ''), entry.get('detail_en')))}</td>"
                    f"<td><small>{escape(basis.get(entry['rule'], ''))}</small></td>"
                    f"<td><small>{escape(facts)}</small></td></tr>")  # fmt: skip
    heads = ("rule", "rule_title", "outcome", "explanation", "basis", "facts")
    return f"<table><tr>{''.join(f'<th>{escape(words(h))}</th>' for h in heads)}</tr>{''.join(rows)}</table>"


def _actions(case: dict, principal_id: str, csrf: str, words: Words, comment: str = "", error: str = ""
             ) -> str:  # fmt: skip
    if case["status"] != "routed":
        return ""
    case_id = escape(case["case_id"])
    holder = case.get("claimed_by")
    if holder is None:
        button = f"<button>{escape(words('claim'))}</button>"
        return f"<form method=post action='/review/cases/{case_id}/claim'>{csrf}{button}</form>"
    if holder != principal_id:
        return f"<p>{escape(words('claimed_by_other'))}</p>"
    notice = f"<p class=failed>{escape(error)}</p>" if error else ""
    outcomes = "".join(f"<option value={o}>{escape(words(o))}</option>" for o in OUTCOMES)
    return (
        f"{notice}<form method=post action='/review/cases/{case_id}/decision'>{csrf}"
        f"<select name=outcome>{outcomes}</select>"
        f"<input name=comment size=60 placeholder='{escape(words('comment_hint'))}' "
        f"value='{escape(comment)}'>"
        f"<button>{escape(words('decide'))}</button></form>"
        f"<form method=post action='/review/cases/{case_id}/release'>{csrf}"
        f"<button>{escape(words('release'))}</button></form>"
    )


def _case_page(
    request: Request,
    service: ApprovalService,
    case: dict,
    principal: Principal,
    comment: str = "",
    error: str = "",
) -> HTMLResponse:
    words = words_for(request)
    reasons = "".join(
        f"<li><b>{escape(r['code'])}</b> {escape(words.pick(r['message'], r.get('message_en')))} "
        f"<small>{escape(str(r.get('field') or ''))} {escape(str(r.get('source') or ''))}</small></li>"
        for r in case["reasons"]
    )
    history = "".join(
        f"<li>{escape(china_time(e['at'], words))} {escape(words.named('event', e['type']))} "
        f"({escape(e.get('actor_name') or e['actor'])})"
        f"{(' — ' + escape(str(e['data'].get('comment')))) if e['data'].get('comment') else ''}</li>"
        for e in case["history"]
    )
    result = case.get("result") or {}
    registered = ""
    if result.get("credit_code"):
        registered = (f"<p>{escape(words('credit_code'))} <b>{escape(result['credit_code'])}</b> · "
                      f"<a href='{escape(result.get('licence', ''))}'>"
                      f"{escape(words('licence'))}</a></p>")  # fmt: skip
    actions = _actions(case, principal.token_id, csrf_field(request), words, comment, error)
    status = words.named("status", case["status"])
    return page(
        words("case_title", case_id=case["case_id"]),
        f"<p>{escape(words('matter'))} {escape(_matter_title(service, case['matter'], words))} · "
        f"{escape(words('status'))} <b>{escape(status)}</b> · "
        f"{escape(words('due'))} {escape(china_time(case['due_by'], words))}</p>"
        f"{signed_in_as(request, principal, words)}{registered}{actions}"
        f"<h2>{escape(words('reasons'))}</h2><ul>{reasons}</ul>"
        f"<h2>{escape(words('form_and_documents'))}</h2>{_form_beside_documents(case, words)}"
        f"{_documents(case, words)}"
        f"<h2>{escape(words('rules'))}</h2>{_rule_trace(case, service, words)}"
        f"<h2>{escape(words('history'))}</h2><ul>{history}</ul>{back_to_queue(words)}",
        words=words,
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
        words = words_for(request)
        return page(words("nothing_to_take"), back_to_queue(words), words=words)
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
        words = words_for(request)
        return page(words(refused), back_to_queue(words), words=words)
    return RedirectResponse(f"/review/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/release")
def release(
    request: Request, case_id: str, service: ServiceDep, principal: ReviewerDep, csrf: CsrfField = ""
) -> HTMLResponse:
    act = partial(use_cases.release_task, service, principal, case_id)
    return _on_task(request, case_id, csrf, act, "cannot_release")


@router.post("/cases/{case_id}/claim")
def claim(
    request: Request, case_id: str, service: ServiceDep, principal: ReviewerDep, csrf: CsrfField = ""
) -> HTMLResponse:
    act = partial(use_cases.claim_task, service, principal, case_id)
    return _on_task(request, case_id, csrf, act, "already_claimed")


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
    words = words_for(request)
    if outcome not in OUTCOMES:
        return page(words("invalid_outcome"), back_to_queue(words), words=words)
    try:
        use_cases.decide_task(service, principal, case_id, outcome, comment)
    except ClaimConflict:
        back = f"<p><a href='/review/cases/{escape(case_id)}'>{escape(words('back'))}</a></p>"
        return page(words("claim_first"), back, words=words)
    except SubmissionError as exc:
        # What the reviewer typed is kept, with why it was refused.
        case = use_cases.case_for(service, principal, case_id)
        return _case_page(request, service, case, principal, comment=comment, error=str(exc))
    return RedirectResponse(f"/review/cases/{case_id}", status_code=303)
