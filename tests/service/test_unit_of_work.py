"""The use cases work over any unit of work: the whole way of a case (submit, decide, view,
licence) runs against the in-memory one of ``tests/fakes.py``, swapped in with one line."""

from __future__ import annotations

from approval.persistence.case_store import UploadedDocument
from approval.tokens import Principal
from approval.unit_of_work import SqlUnitOfWork
from approval.use_cases import case_view, licence_face, submit_case
from tests.fakes import FakeDatabase
from tests.support import id_card_images, new_person, registration

PORTAL = Principal(token_id="portal-fake", role="portal", label="")


def documents(person) -> list[UploadedDocument]:  # noqa: ANN001
    return [UploadedDocument(p, f"{p}.png", "image/png", d) for p, d in id_card_images(person).items()]


def test_a_case_is_submitted_decided_and_shown_on_a_fake_unit_of_work(service):
    database = FakeDatabase()
    service.uow = database.unit_of_work  # the one line

    person = new_person(61)
    answer, created = submit_case(service, PORTAL, registration(person), documents(person), "key-1")

    assert created and answer["status"] == "approved"
    code = answer["result"]["credit_code"]
    assert licence_face(service, code, answer["result"]["verification_code"]).person == person.name
    assert case_view(service, answer["case_id"])["decisions"][0]["decided_by"] == "engine"
    # Stored, claimed, recorded: three committed units of work, all in the fake.
    assert database.commits == 3
    with SqlUnitOfWork(service.sessions, service.blobs) as real:
        assert real.cases.case_ids() == []


def test_a_replay_with_the_same_key_answers_the_same_case(service):
    service.uow = FakeDatabase().unit_of_work
    person = new_person(62)
    first, _ = submit_case(service, PORTAL, registration(person), documents(person), "key-2")
    again, created = submit_case(service, PORTAL, registration(person), documents(person), "key-2")
    assert not created and again["case_id"] == first["case_id"]


def test_work_left_without_commit_is_not_kept():
    database = FakeDatabase()
    with database.unit_of_work() as uow:
        uow.cases.add_case(
            owner_token_id="p",
            idempotency_key=None,
            request_digest="d",
            matter="m",
            submission={},
            documents=[],
            case_id="c1",
            received_at=None,
        )
    with database.unit_of_work() as uow:
        assert uow.cases.get("c1") is None
