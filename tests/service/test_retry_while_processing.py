"""A portal that retries while its case is being decided gets the case as it stands; the
work is never started again and one register entry consumes one credit-code serial."""

from __future__ import annotations

import threading

from sqlalchemy import select

from approval.persistence.case_store import UploadedDocument
from approval.persistence.models import CodeSequenceRow, RegisterEntryRow
from approval.service import ApprovalService
from approval.tokens import authenticate, create_token
from approval.use_cases import submit_case
from tests.support import FakeOcr, id_card_images, registration


class SlowReader:
    """Reads like ``FakeOcr`` but holds the first call until the test lets it go."""

    def __init__(self) -> None:
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()
        self._fake = FakeOcr()

    def __call__(self, items: dict[str, bytes]) -> dict[str, dict]:
        self.calls += 1
        self.started.set()
        assert self.release.wait(30), "the test never released the reader"
        return self._fake(items)


def test_retries_during_processing_do_not_run_the_pipeline_again(settings, person):
    reader = SlowReader()
    service = ApprovalService.open(settings, read_documents=reader)
    try:
        principal = authenticate(service.sessions, create_token(service.sessions, "portal"))
        body = registration(person, business_name="海门区春晖便利店")
        docs = [UploadedDocument(p, f"{p}.png", "image/png", d) for p, d in id_card_images(person).items()]
        answers = {}
        first = threading.Thread(
            target=lambda: answers.setdefault("first", submit_case(service, principal, body, docs, "key-1"))
        )
        first.start()
        assert reader.started.wait(30)  # the first request is inside the pipeline now
        retries = [submit_case(service, principal, body, docs, "key-1") for _ in range(20)]
        assert {(view["status"], created) for view, created in retries} == {("processing", False)}
        reader.release.set()
        first.join(30)
        view, created = answers["first"]
        assert created and view["status"] == "approved"
        assert reader.calls == 1
        assert {v["case_id"] for v, _ in retries} == {view["case_id"]}
        with service.sessions() as session:
            entries = session.scalars(
                select(RegisterEntryRow).where(RegisterEntryRow.case_id.is_not(None))
            ).all()
            serials = session.scalars(select(CodeSequenceRow.value)).all()
        assert len(entries) == 1 and serials == [1]
        after, created = submit_case(service, principal, body, docs, "key-1")
        assert not created and after["status"] == "approved" and len(after["decisions"]) == 1
    finally:
        reader.release.set()
        service.close()
