"""The baseline: a FastAPI endpoint that parses the same JSON body and answers, nothing more."""

from __future__ import annotations

import uuid

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/v1/cases", status_code=201)
async def submit(request: Request) -> dict:
    body = await request.json()
    return {"case_id": str(uuid.uuid4()), "status": "approved", "matter": body.get("matter"), "reasons": []}


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}
