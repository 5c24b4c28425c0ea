"""Crash safety: a stored case is never lost. A case left mid-pipeline is finished by
``recover_unfinished`` (also at start-up), exactly once; a dying rule worker routes the case it
was judging, and the next case gets a fresh worker."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from approval.persistence.case_store import UploadedDocument
from approval.persistence.models import CaseRow
from approval.service import ApprovalService, request_digest
from approval.tokens import authenticate, create_token
from tests.support import FakeOcr, id_card_images, kill_worker_holding_next_case, new_person, registration


class PowerCut(BaseException):
    """Not an Exception: nothing in the service may catch it, like the process dying."""


def store_only(service: ApprovalService, body: dict, documents: dict[str, bytes]) -> str:
    """What a crash right after storing leaves behind: a ``received`` case, nothing decided."""
    docs = [UploadedDocument(p, f"{p}.png", "image/png", d) for p, d in documents.items()]
    case_id, created = service.cases.create_case(
        owner_token_id="portal-x",
        idempotency_key=None,
        request_digest=request_digest(body, docs),
        matter=body["matter"],
        submission=body,
        documents=docs,
    )
    assert created
    return case_id


def test_received_case_is_finished_by_recovery(service, person):
    case_id = store_only(service, registration(person), id_card_images(person))
    assert service.cases.get(case_id).status == "received"
    assert service.recover_unfinished() == 1
    view = service.view(case_id)
    assert view["status"] == "approved"
    assert view["result"]["credit_code"]
    assert service.recover_unfinished() == 0  # nothing left to do


def test_app_start_up_finishes_unfinished_cases(settings, service, person):
    minor = new_person(3, age=17)
    done = store_only(service, registration(person), id_card_images(person))
    routed = store_only(service, registration(minor), id_card_images(minor))
    reviewer = create_token(service.sessions, "reviewer")
    with TestClient(create_app(settings, service)) as client:
        client.app.state.recovery.join(30)  # recovery runs beside the server
        headers = {"Authorization": f"Bearer {reviewer}"}
        assert client.get(f"/v1/cases/{done}", headers=headers).json()["status"] == "approved"
        assert client.get(f"/v1/cases/{routed}", headers=headers).json()["status"] == "routed"
        assert [t["case_id"] for t in client.get("/v1/review/tasks", headers=headers).json()["tasks"]] == [
            routed
        ]


def test_crash_while_deciding_then_restart_decides_exactly_once(settings, person, monkeypatch):
    first = ApprovalService.open(settings, read_documents=FakeOcr())
    principal = authenticate(first.sessions, create_token(first.sessions, "portal"))

    def crash(case):  # noqa: ANN001 - the process dies after the pipeline, before recording
        raise PowerCut

    monkeypatch.setattr(first, "_record", crash)
    with pytest.raises(PowerCut):
        first.submit(principal, registration(person), [], idempotency_key="k1")
    first.close()

    restarted = ApprovalService.open(settings, read_documents=FakeOcr())
    try:
        [case_id] = restarted.cases.case_ids()
        assert restarted.cases.get(case_id).status == "processing"
        assert restarted.recover_unfinished() == 1
        view = restarted.view(case_id)
        assert view["status"] == "returned"  # no materials were sent
        assert [d["decided_by"] for d in view["decisions"]] == ["engine"]
        # The portal retries with its key: same case, already decided, not decided again.
        replay, created = restarted.submit(principal, registration(person), [], idempotency_key="k1")
        assert not created and replay["case_id"] == case_id
        assert len(replay["decisions"]) == 1
    finally:
        restarted.close()


def test_processing_a_decided_case_again_changes_nothing(service, person):
    case_id = store_only(service, registration(person), id_card_images(person))
    service.process(case_id)
    before = service.view(case_id)
    service.process(case_id)
    after = service.view(case_id)
    assert after["result"] == before["result"]
    assert len(after["decisions"]) == 1
    assert [e["type"] for e in after["history"]].count("approved") == 1


def test_a_pipeline_that_hangs_routes_the_case(settings, person, monkeypatch):
    def slow_ocr(items):  # noqa: ANN001
        time.sleep(2)
        return FakeOcr()(items)

    slow = ApprovalService.open(
        settings.model_copy(update={"pipeline_timeout_seconds": 0.5}), read_documents=slow_ocr
    )
    try:
        principal = authenticate(slow.sessions, create_token(slow.sessions, "portal"))
        docs = [UploadedDocument(p, p, "image/png", d) for p, d in id_card_images(person).items()]
        view, _ = slow.submit(principal, registration(person), docs)
        assert view["status"] == "routed"
        assert [r["code"] for r in view["reasons"]] == ["engine.timeout"]
        assert "result" not in view
    finally:
        slow.close()


def test_rule_worker_dying_mid_case_routes_it_and_the_next_case_works(service):
    principal = authenticate(service.sessions, create_token(service.sessions, "portal"))

    def submit(seed: int) -> dict:
        someone = new_person(seed, age=40)
        docs = [UploadedDocument(p, p, "image/png", d) for p, d in id_card_images(someone).items()]
        return service.submit(principal, registration(someone), docs)[0]

    assert submit(1)["status"] == "approved"  # starts the worker
    pid = kill_worker_holding_next_case(service._rule_worker)  # it takes the next case and dies
    crashed = submit(2)
    assert crashed["status"] == "routed"
    assert "result" not in crashed
    codes = [r["code"] for r in crashed["reasons"]]
    assert codes and all(code.endswith(".undetermined") for code in codes)
    assert "applicant.adult.undetermined" in codes

    after = submit(3)
    assert after["status"] == "approved"
    assert service._rule_worker.pid() not in (None, pid)


def test_rule_worker_killed_between_cases_is_replaced(service):
    principal = authenticate(service.sessions, create_token(service.sessions, "portal"))
    someone = new_person(4, age=40)
    docs = [UploadedDocument(p, p, "image/png", d) for p, d in id_card_images(someone).items()]
    assert service.submit(principal, registration(someone), docs)[0]["status"] == "approved"
    pid = service._rule_worker.pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    other = new_person(5, age=40)
    docs = [UploadedDocument(p, p, "image/png", d) for p, d in id_card_images(other).items()]
    assert service.submit(principal, registration(other), docs)[0]["status"] == "approved"
    assert service._rule_worker.pid() != pid


def test_one_broken_case_does_not_stop_start_up_or_the_others(settings, service, person):
    broken = store_only(service, registration(person), id_card_images(person))
    for blob in (settings.data_dir / "blobs").rglob("*"):
        if blob.is_file():
            blob.unlink()  # e.g. a disk restored from an older backup
    fine = store_only(service, registration(new_person(9)), {})
    with TestClient(create_app(settings, service)) as client:
        assert client.get("/healthz").status_code == 200
        client.app.state.recovery.join(30)
    assert service.cases.get(fine).status == "returned"
    assert service.cases.get(broken).status == "routed"  # a reviewer must look at it


def test_the_server_listens_while_recovery_is_still_deciding(settings, person):
    """Start-up does not wait for recovery: with the reader held, the server answers health
    checks and shows the unfinished case as processing; then recovery decides it."""
    held, release = threading.Event(), threading.Event()
    fake = FakeOcr()

    def slow_reader(items):  # noqa: ANN001, ANN202
        held.set()
        assert release.wait(30)
        return fake(items)

    service = ApprovalService.open(settings, read_documents=slow_reader)
    try:
        case_id = store_only(service, registration(person), id_card_images(person))
        reviewer = create_token(service.sessions, "reviewer")
        headers = {"Authorization": f"Bearer {reviewer}"}
        with TestClient(create_app(settings, service)) as client:
            assert held.wait(30)  # recovery is inside the pipeline …
            assert client.get("/healthz").status_code == 200  # … and the server answers
            assert client.get(f"/v1/cases/{case_id}", headers=headers).json()["status"] == "processing"
            release.set()
            client.app.state.recovery.join(30)
            assert client.get(f"/v1/cases/{case_id}", headers=headers).json()["status"] == "approved"
    finally:
        release.set()
        service.close()


def test_a_case_that_keeps_killing_its_worker_goes_to_a_reviewer(service, person):
    """Begun max_attempts times without an answer (each run died): the next run routes it with
    engine.error and does not try the pipeline again."""
    case_id = store_only(service, registration(person), id_card_images(person))
    with service.sessions.begin() as session:
        session.get(CaseRow, case_id).attempts = service.settings.max_attempts
    service.read_documents = lambda items: pytest.fail("the pipeline ran again")  # noqa: ARG005
    service.process(case_id)
    view = service.view(case_id)
    assert view["status"] == "routed"
    assert [r["code"] for r in view["reasons"]] == ["engine.error"]
    assert service.cases.get(case_id).attempts == service.settings.max_attempts + 1


def test_each_run_of_a_case_is_counted(service, person):
    case_id = store_only(service, registration(person), id_card_images(person))
    service.process(case_id)
    row = service.cases.get(case_id)
    assert (row.status, row.attempts) == ("approved", 1)
    service.process(case_id)  # a decided case is left alone, and not counted again
    assert service.cases.get(case_id).attempts == 1
