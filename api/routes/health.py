from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import ServiceDep
from api.errors import ApiError
from api.openapi import answers
from api.schemas import ErrorEnvelope, Health, Readiness
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
