"""Submissions arriving at the same time: one idempotency key gives one case, and approvals
in parallel each get their own credit code."""

from __future__ import annotations

import threading
from collections.abc import Callable

from stdnum.cn import uscc

from approval.persistence.case_store import UploadedDocument
from approval.tokens import authenticate, create_token
from approval.use_cases import case_view, licence_face, submit_case
from tests.support import id_card_images, new_person, registration, stored_case_ids


def run_together(jobs: list[Callable[[], dict]]) -> list[dict]:
    barrier = threading.Barrier(len(jobs))
    results: list[dict] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], dict]) -> None:
        barrier.wait()
        try:
            results.append(job())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    return results


def documents(person) -> list[UploadedDocument]:
    return [UploadedDocument(p, f"{p}.png", "image/png", d) for p, d in id_card_images(person).items()]


def test_same_key_sent_twice_at_once_makes_one_case(service, person):
    principal = authenticate(service.sessions, create_token(service.sessions, "portal"))

    def submit() -> dict:
        view, created = submit_case(service, principal, registration(person), documents(person), "same-key")
        return {"case_id": view["case_id"], "created": created, "status": view["status"]}

    results = run_together([submit, submit, submit])
    assert len({r["case_id"] for r in results}) == 1
    assert sum(r["created"] for r in results) == 1
    assert len(stored_case_ids(service)) == 1
    [case_id] = stored_case_ids(service)
    view = case_view(service, case_id)
    assert view["status"] == "approved"
    assert len(view["decisions"]) == 1


def test_parallel_approvals_get_distinct_valid_credit_codes(service):
    principal = authenticate(service.sessions, create_token(service.sessions, "portal"))
    people = [new_person(600 + i, age=30 + i) for i in range(4)]

    def job(someone) -> Callable[[], dict]:
        return lambda: submit_case(service, principal, registration(someone), documents(someone))[0]

    results = run_together([job(p) for p in people])
    assert [r["status"] for r in results] == ["approved"] * len(people)
    codes = [r["result"]["credit_code"] for r in results]
    assert len(set(codes)) == len(codes)
    assert all(uscc.is_valid(code) for code in codes)
    for r in results:
        face = licence_face(service, r["result"]["credit_code"], r["result"]["verification_code"])
        assert face.person in {p.name for p in people}
