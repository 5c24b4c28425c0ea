"""The FastAPI application: routes translate HTTP to service calls, nothing more."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.routes import authoring, cases, health, review, reviewer_pages
from approval.service import ApprovalService
from approval.settings import Settings, get_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, service: ApprovalService | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = service is None
        app.state.service = service or ApprovalService(settings or get_settings())
        recovered = app.state.service.recover_unfinished()
        if recovered:
            log.info("finished %d case(s) left mid-pipeline", recovered)
        try:
            yield
        finally:
            if own:
                app.state.service.close()

    app = FastAPI(
        title="Instant-approval service (秒批)",
        version="0.1.0",
        lifespan=lifespan,
        description="Submit cases, review routed ones, inspect and dry-run the rules.",
    )
    errors.install(app)
    for module in (cases, review, authoring, health, reviewer_pages):
        app.include_router(module.router)
    return app
