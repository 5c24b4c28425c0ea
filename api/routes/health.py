from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import ServiceDep
from api.errors import ApiError, error_response
from api.openapi import answers, errors
from api.rate_limit import limiter_for, retry_after
from api.schemas import ErrorEnvelope, Health, Readiness
from approval import use_cases
from approval.metrics import exposition

router = APIRouter(tags=["service"])


@router.get("/healthz", summary="200 once the service is ready", **answers(Health, 503))
def healthz(request: Request) -> dict:
    service = getattr(request.app.state, "service", None)
    if service is None:
        raise ApiError(503, "starting", "the service is starting")
    return {"status": "ok", "ruleset": service.rulebook_info()}


@router.get(
    "/readyz",
    summary="200 when the database and the rulebook are ready, else 503",
    response_model=Readiness,
    responses={503: {"model": Readiness | ErrorEnvelope, "description": "Not ready: which check failed"}},
)
def readyz(request: Request) -> JSONResponse:
    service = getattr(request.app.state, "service", None)
    if service is None:
        raise ApiError(503, "starting", "the service is starting")
    checks = service.ready()
    recovery = getattr(request.app.state, "recovery", None)
    body = {
        "status": "ready" if all(checks.values()) else "not_ready",
        "checks": checks,
        "recovering": bool(recovery is not None and recovery.is_alive()),
        "ruleset": service.rulebook_info(),
    }
    return JSONResponse(body, status_code=200 if all(checks.values()) else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
def metrics_text(service: ServiceDep) -> PlainTextResponse:
    return PlainTextResponse(exposition(service.backlog), media_type=CONTENT_TYPE_LATEST)


# Register kind → (type as the licence prints it, who the licence names).
KIND_TITLES = {
    "individual-business": ("个体工商户", "经营者"),
    "sole-proprietorship": ("个人独资企业", "投资人"),
    "company": ("有限责任公司（自然人投资或控股）", "法定代表人"),
}


@router.get(
    "/v1/licences/{credit_code}",
    response_class=HTMLResponse,
    summary="Electronic licence",
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}, **errors(404, 422, 429)},
)
def licence(
    credit_code: str,
    request: Request,
    service: ServiceDep,
    verification_code: Annotated[str, Query(max_length=32, description="the code printed on the licence")] = "",  # noqa: E501
) -> Response:
    """Public, for whoever holds the licence: an unknown credit code and a wrong or missing
    verification code get the same 404, and each client address may ask a few times a minute."""
    from html import escape

    per_minute = service.settings.licence_checks_per_minute
    limiter = limiter_for(request.app.state, "licence_limiter", per_minute)
    wait = limiter.take(request.client.host if request.client else "-")
    if wait:
        message = f"at most {per_minute} licence checks a minute; retry later"
        response = error_response(429, "rate_limited", message)
        response.headers["Retry-After"] = retry_after(wait)
        return response
    entry = use_cases.licence(service, credit_code, verification_code)
    rows = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
        for k, v in (
            ("统一社会信用代码", entry["credit_code"]),
            ("核验码", entry["verification_code"]),
            ("名称", entry["name"] or "（无字号）"),
            ("类型", KIND_TITLES.get(entry["kind"], (entry["kind"],))[0]),
            (KIND_TITLES.get(entry["kind"], ("", "经营者 / 投资人"))[1], entry["operator"]),
            ("住所" if entry["kind"] == "company" else "经营场所", entry["address"]),
            ("登记日期", entry["registered_at"][:10]),
        )
    )
    return HTMLResponse(
        f"<!doctype html><meta charset=utf-8><title>电子营业执照 {escape(entry['credit_code'])}</title>"
        f"<h1>营业执照（电子）</h1><table>{rows}</table>"
    )
