"""The durable job queue on PostgreSQL (procrastinate) with real `approval worker` processes.

* a case and its job are committed together, or neither is;
* a worker process decides the case and the request that stored it gets the answer;
* a worker killed while holding a case: another worker decides it, exactly once;
* an undecided case with no job (stored before the queue, or its job failed for good) gets one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from approval import worker as worker_module
from approval.persistence.case_store import UploadedDocument
from approval.persistence.models import DecisionRow
from approval.service import ApprovalService
from approval.settings import REPO_ROOT, Settings
from approval.tokens import authenticate, create_token
from approval.use_cases import process_case, submit_bundle, submit_case
from devtools.synthetic import render_id_card_back, render_id_card_front
from devtools.synthetic.capture import encode
from tests.api.test_bundles import bundle_of
from tests.conftest import postgres_schema
from tests.support import bearer, new_person, registration, stored_case, stored_case_ids

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")


@pytest.fixture
def database_url() -> Iterator[str]:
    yield from postgres_schema("q")  # PostgreSQL only: the queue lives there


@pytest.fixture
def queued(tmp_path: Path, database_url: str, _rulebook_parsed_once: None) -> Iterator[ApprovalService]:
    settings = Settings(data_dir=tmp_path / "data", DATABASE_URL=database_url, job_queue="procrastinate",
                        answer_within_seconds=0)  # fmt: skip
    service = ApprovalService.open(settings)
    try:
        yield service
    finally:
        service.close()


@contextlib.contextmanager
def worker_process(service: ApprovalService, log: Path) -> Iterator[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": service.settings.effective_database_url,
        "APPROVAL_DATA_DIR": str(service.settings.data_dir),
        "APPROVAL_WORKER_HEARTBEAT_SECONDS": "0.5",
        "APPROVAL_WORKER_STALLED_AFTER_SECONDS": "2",
        "OMP_THREAD_LIMIT": "1",
    }
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "approval.cli", "worker", "--concurrency", "2",
                                    "--log-format", "text"], env=env, cwd=REPO_ROOT, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def jobs(service: ApprovalService) -> list[tuple]:
    with service.engine.connect() as connection:
        return list(connection.execute(text("SELECT lock, status, args FROM procrastinate_jobs ORDER BY id")))


def wait_for(condition, seconds: float = 60.0) -> None:  # noqa: ANN001
    """Poll an observable condition (never a fixed sleep that guesses how long work takes)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


def portal(service: ApprovalService):  # noqa: ANN201
    return authenticate(service.sessions, create_token(service.sessions, "portal"))


def test_a_stored_case_has_its_job_in_the_same_transaction(queued: ApprovalService):
    person = new_person(41)
    answer, created = submit_case(queued, portal(queued), registration(person), [])
    assert created and answer["status"] == "received"  # no worker yet: stored and queued
    [(lock, status, args)] = jobs(queued)
    assert (lock, status, args["case_id"]) == (answer["case_id"], "todo", answer["case_id"])


def test_a_case_whose_job_cannot_be_written_is_not_stored(queued: ApprovalService, monkeypatch):
    real = queued.queue.enqueue

    def enqueue_then_fail(session, case_id):  # noqa: ANN001, ANN202 - dies between job and commit
        real(session, case_id)
        raise RuntimeError("lost the connection before commit")

    monkeypatch.setattr(queued.queue, "enqueue", enqueue_then_fail)
    with pytest.raises(RuntimeError):
        submit_case(queued, portal(queued), registration(new_person(42)), [])
    assert stored_case_ids(queued) == [] and jobs(queued) == []


def test_a_worker_process_decides_and_the_request_gets_the_answer(queued: ApprovalService, tmp_path: Path):
    queued.settings.answer_within_seconds = 60
    token = create_token(queued.sessions, "portal")
    with (
        worker_process(queued, tmp_path / "worker.log"),
        TestClient(create_app(queued.settings, queued)) as client,
    ):
        answer = client.post("/v1/cases", json=registration(new_person(43)), headers=bearer(token))
        # The decision is committed (and announced) before procrastinate marks its job done.
        wait_for(lambda: [status for _, status, _ in jobs(queued)] == ["succeeded"])
    assert answer.status_code == 201, answer.text
    body = answer.json()
    # No identity card: decided (returned with the missing materials), by the worker, at once.
    assert body["status"] == "returned"
    assert {r["code"] for r in body["reasons"]} == {"material.missing"}


def test_a_killed_worker_s_case_is_decided_by_another_exactly_once(queued: ApprovalService, tmp_path: Path):
    person = new_person(44)
    files = {
        "id_card_front": encode(render_id_card_front(person)),
        "id_card_back": encode(render_id_card_back(person)),
    }
    documents = [UploadedDocument(part, f"{part}.png", "image/png", data) for part, data in files.items()]
    answer, _ = submit_case(queued, portal(queued), registration(person), documents)
    case_id = answer["case_id"]
    with worker_process(queued, tmp_path / "first.log") as first:
        # The event: the worker has begun deciding the case (it now reads the images).
        wait_for(lambda: stored_case(queued, case_id).status == "processing")
        assert [s for _, s, _ in jobs(queued)] == ["doing"]
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    with worker_process(queued, tmp_path / "second.log"):
        wait_for(lambda: stored_case(queued, case_id).status not in ("received", "processing"), seconds=120)
    with queued.sessions() as session:
        decisions = session.query(DecisionRow).filter_by(case_id=case_id).all()
    assert len(decisions) == 1
    row = stored_case(queued, case_id)
    assert row.attempts == 2
    # Our failure is never the applicant's: not returned for an unreadable upload.
    assert "material.unreadable" not in row.reason_codes


def test_an_undecided_case_without_a_job_is_given_one(queued: ApprovalService, monkeypatch):
    monkeypatch.setattr(queued.queue, "enqueue", lambda session, case_id: None)  # stored before the queue
    answer, _ = submit_case(queued, portal(queued), registration(new_person(45)), [])
    monkeypatch.undo()
    monkeypatch.setattr(worker_module, "ORPHAN_AFTER_SECONDS", 0)
    assert jobs(queued) == []
    assert worker_module.requeue_orphans(queued) == 1
    assert [(lock, status) for lock, status, _ in jobs(queued)] == [(answer["case_id"], "todo")]
    assert worker_module.requeue_orphans(queued) == 0  # it has its job now


def test_a_bundle_s_parts_are_queued_by_its_registration_s_decision(queued: ApprovalService, monkeypatch):
    view, _ = submit_bundle(queued, portal(queued), bundle_of(registration(new_person(46))), [])
    registration_id, *part_ids = [p["case_id"] for p in view["parts"]]
    assert [(lock, status) for lock, status, _ in jobs(queued)] == [(registration_id, "todo")]
    # The sweep gives the waiting parts jobs early; such a job decides nothing yet.
    monkeypatch.setattr(worker_module, "ORPHAN_AFTER_SECONDS", 0)
    assert worker_module.requeue_orphans(queued) == len(part_ids) == 4
    process_case(queued, part_ids[0])
    assert stored_case(queued, part_ids[0]).status == "received"
    # The registration's decision queues its parts; one already queued keeps its one job.
    process_case(queued, registration_id)
    assert stored_case(queued, registration_id).status == "returned"  # no identity card
    assert sorted(lock for lock, status, _ in jobs(queued) if status == "todo") == sorted(
        [registration_id, *part_ids]
    )
    for case_id in part_ids:
        process_case(queued, case_id)
        row = stored_case(queued, case_id)
        assert (row.status, row.reason_codes) == ("returned", "registration.approved")
