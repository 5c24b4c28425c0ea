"""The app served by uvicorn on a real socket, as the portal reaches it: multipart over TCP,
idempotent retries, the case's history. (The other API tests use the in-process client.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from api.app import create_app
from tests.support import id_card_images, registration


@pytest.fixture
def base_url(settings, service) -> Iterator[str]:  # noqa: ANN001
    config = uvicorn.Config(create_app(settings, service), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not (server.started and server.servers):
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_multipart_submission_over_tcp_is_decided_once(base_url, portal, person):
    files = {part: (f"{part}.png", data, "image/png") for part, data in id_card_images(person).items()}
    body = {
        "submission": (
            None,
            httpx.Request("POST", "/", json=registration(person)).content,
            "application/json",
        )
    }
    headers = {**portal, "Idempotency-Key": "portal-retry-1"}
    with httpx.Client(base_url=base_url, timeout=30) as http:
        assert http.get("/healthz").status_code == 200
        first = http.post("/v1/cases", headers=headers, files={**body, **files})
        again = http.post("/v1/cases", headers=headers, files={**body, **files})
        case = http.get(f"/v1/cases/{first.json()['case_id']}", headers=portal).json()
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["status"] == "approved"
    assert again.json()["case_id"] == first.json()["case_id"]
    # Each step of the decision is in the history (#13: read and evaluated are events of their own).
    # The instant approval's draw for a check afterwards (事后监管) is recorded last.
    assert [e["type"] for e in case["history"]] == ["received", "processing", "read", "evaluated", "approved",
                                                   "check_drawn"]  # fmt: skip
    assert case["status"] == "approved"


def test_a_request_without_a_token_is_refused_with_json(base_url):
    with httpx.Client(base_url=base_url, timeout=10) as http:
        response = http.post("/v1/cases", json={})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")
