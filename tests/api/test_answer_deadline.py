"""POST /v1/cases answers the decision when it comes within the deadline, else 202
"processing" with the case's URL; the case is decided all the same."""

from __future__ import annotations

import json
import threading
import time

from fastapi.testclient import TestClient

from api.app import create_app
from approval.service import ApprovalService
from approval.settings import Settings
from approval.tokens import create_token
from tests.support import FakeOcr, bearer, id_card_images, registration


def test_a_slow_decision_is_answered_202_then_decided(tmp_path, person):
    held, release = threading.Event(), threading.Event()
    fake = FakeOcr()

    def slow_reader(items):  # noqa: ANN001, ANN202
        held.set()
        assert release.wait(60)
        return fake(items)

    settings = Settings(data_dir=tmp_path / "data", DATABASE_URL=None, answer_within_seconds=0.2)
    service = ApprovalService.open(settings, read_documents=slow_reader)
    try:
        with TestClient(create_app(settings, service)) as client:
            portal = bearer(create_token(service.sessions, "portal", "portal"))
            files = {p: (f"{p}.png", d, "image/png") for p, d in id_card_images(person).items()}
            body = {"submission": json.dumps(registration(person), ensure_ascii=False)}
            response = client.post("/v1/cases", headers=portal, data=body, files=files)
            assert held.is_set()  # the reader holds the case: the deadline passed for sure
            assert response.status_code == 202
            answer = response.json()
            assert answer["status"] == "processing"
            assert response.headers["Location"] == f"/v1/cases/{answer['case_id']}"
            release.set()
            view = _wait_decided(client, portal, answer["case_id"])
            assert view["status"] == "approved"
    finally:
        release.set()
        service.close()


def _wait_decided(client, headers, case_id: str) -> dict:  # noqa: ANN001
    deadline = time.monotonic() + 60  # generous: this bounds a loop, it does not time the code
    while time.monotonic() < deadline:
        view = client.get(f"/v1/cases/{case_id}", headers=headers).json()
        if view["status"] not in ("received", "processing"):
            return view
        time.sleep(0.05)
    raise AssertionError("the case was never decided")
