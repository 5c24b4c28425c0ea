"""The FastAPI application: routes translate HTTP to service calls, nothing more."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi_offline import FastAPIOffline

from api import errors, guard, openapi
from api.routes import (
    authoring,
    bundles,
    cases,
    checks,
    health,
    licences,
    rating_pages,
    ratings,
    review,
    reviewer_pages,
    statistics,
)
from approval import use_cases
from approval.request_context import new_request_id, request_id
from approval.service import ApprovalService
from approval.settings import Settings, get_settings
from approval.use_cases.retention import RetentionSchedule
from approval.webhooks import deliver_due

log = logging.getLogger(__name__)


def _recover(service: ApprovalService, stop: threading.Event) -> None:
    request_id.set("recovery")  # this thread's own context: its log lines say where they come from
    try:
        recovered = use_cases.recover_unfinished(service, stop)
    except Exception:  # noqa: BLE001 - the next start tries again; the server keeps serving
        log.exception("recovering unfinished cases failed")
        return
    if recovered:
        log.info("finished %d case(s) left mid-pipeline", recovered)


def _deliver_webhooks(service: ApprovalService, stop: threading.Event) -> None:
    request_id.set("webhooks")
    retention = RetentionSchedule()  # hourly, as the workers' sweep does on PostgreSQL
    while not stop.wait(1.0):
        try:
            deliver_due(service)
            retention.maybe_run(service)
        except Exception:  # noqa: BLE001 - the next round tries again; nothing is lost (outbox)
            log.exception("delivering webhooks or purging documents failed")


def create_app(settings: Settings | None = None, service: ApprovalService | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = service is None
        app.state.service = service or ApprovalService.open(settings or get_settings())
        # Cases a crash left unfinished are decided in the background: the server listens at
        # once, and a case's view says "processing" until its turn comes. With the job queue,
        # their jobs wait in the queue for the workers instead.
        stop = threading.Event()
        app.state.recovery = None
        if app.state.service.queue.in_process:
            app.state.recovery = threading.Thread(
                target=_recover, args=(app.state.service, stop), name="recovery", daemon=True
            )
            app.state.recovery.start()
            # Webhooks are delivered from here too (with the job queue, the workers deliver them).
            threading.Thread(target=_deliver_webhooks, args=(app.state.service, stop), name="webhooks",
                             daemon=True).start()  # fmt: skip
        try:
            yield
        finally:
            stop.set()
            if app.state.recovery is not None:
                app.state.recovery.join(timeout=60)
            if own:
                app.state.service.close()

    # /docs and /redoc with their scripts and styles served from the installed package: they
    # work where no CDN can be reached (an office network).
    app = FastAPIOffline(
        title="Instant-approval service (秒批)",
        version="0.1.0",
        lifespan=lifespan,
        description="Submit cases, review routed ones, inspect and dry-run the rules.",
    )
    errors.install(app)
    guard.install(app, settings or (service.settings if service else get_settings()))
    openapi.install(app)

    @app.middleware("http")
    async def _request_id(request: Request, call_next):  # noqa: ANN001, ANN202
        # The id follows the case into the job that decides it (contextvars are copied there).
        token = request_id.set(new_request_id(request.headers.get("x-request-id")))
        try:
            response = await call_next(request)
            response.headers["X-Request-ID"] = request_id.get()
            return response
        finally:
            request_id.reset(token)

    routes = (cases, bundles, review, checks, ratings, licences, authoring, health, reviewer_pages,
              rating_pages, statistics)  # fmt: skip
    for module in routes:
        app.include_router(module.router)
    app.include_router(cases.webhook_router)
    return app
