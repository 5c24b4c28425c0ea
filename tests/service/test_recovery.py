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
from approval.service import ApprovalService
from approval.tokens import authenticate, create_token
from approval.use_cases import case_view, process_case, processing, recover_unfinished, submit_case
from tests.support import (
    FakeOcr,
    id_card_images,
    kill_worker_holding_next_case,
    new_person,
    registration,
    store_only,
    stored_case,
    stored_case_ids,
)


class PowerCut(BaseException):
    """Not an Exception: nothing in the service may catch it, like the process dying."""


def test_received_case_is_finished_by_recovery(service, person):
    case_id = store_only(service, registration(person), id_card_images(person))
    assert stored_case(service, case_id).status == "received"
    assert recover_unfinished(service) == 1
    view = case_view(service, case_id)
    assert view["status"] == "approved"
    assert view["result"]["credit_code"]
    assert recover_unfinished(service) == 0  # nothing left to do


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

    def crash(app, case):  # noqa: ANN001, ARG001 - the process dies after the pipeline, before recording
        raise PowerCut

    monkeypatch.setattr(processing, "_record", crash)
    with pytest.raises(PowerCut):
        submit_case(first, principal, registration(person), [], idempotency_key="k1")
    first.close()
    monkeypatch.undo()  # the next process records as usual

    restarted = ApprovalService.open(settings, read_documents=FakeOcr())
    try:
        [case_id] = stored_case_ids(restarted)
        assert stored_case(restarted, case_id).status == "processing"
        assert recover_unfinished(restarted) == 1
        view = case_view(restarted, case_id)
        assert view["status"] == "returned"  # no materials were sent
        assert [d["decided_by"] for d in view["decisions"]] == ["engine"]
        # The portal retries with its key: same case, already decided, not decided again.
        replay, created = submit_case(restarted, principal, registration(person), [], idempotency_key="k1")
        assert not created and replay["case_id"] == case_id
        assert len(replay["decisions"]) == 1
    finally:
        restarted.close()


def test_processing_a_decided_case_again_changes_nothing(service, person):
    case_id = store_only(service, registration(person), id_card_images(person))
    process_case(service, case_id)
    before = case_view(service, case_id)
    process_case(service, case_id)
    after = case_view(service, case_id)
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
        view, _ = submit_case(slow, principal, registration(person), docs)
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
        return submit_case(service, principal, registration(someone), docs)[0]

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
    assert submit_case(service, principal, registration(someone), docs)[0]["status"] == "approved"
    pid = service._rule_worker.pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    other = new_person(5, age=40)
    docs = [UploadedDocument(p, p, "image/png", d) for p, d in id_card_images(other).items()]
    assert submit_case(service, principal, registration(other), docs)[0]["status"] == "approved"
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
    assert stored_case(service, fine).status == "returned"
    assert stored_case(service, broken).status == "routed"  # a reviewer must look at it


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
    process_case(service, case_id)
    view = case_view(service, case_id)
    assert view["status"] == "routed"
    assert [r["code"] for r in view["reasons"]] == ["engine.error"]
    assert stored_case(service, case_id).attempts == service.settings.max_attempts + 1


def test_each_run_of_a_case_is_counted(service, person):
    case_id = store_only(service, registration(person), id_card_images(person))
    process_case(service, case_id)
    row = stored_case(service, case_id)
    assert (row.status, row.attempts) == ("approved", 1)
    process_case(service, case_id)  # a decided case is left alone, and not counted again
    assert stored_case(service, case_id).attempts == 1
