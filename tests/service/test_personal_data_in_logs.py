"""No full ID number or phone number reaches a log: a whole session against PostgreSQL, served by
uvicorn over TCP with the service's own logging (JSON lines, as `approval serve` writes them) sent
to a file, and the PostgreSQL server's log read where it can be. The session includes the database
refusing statements: two submissions racing with one Idempotency-Key (built from the applicant's ID
number, as some portals do) and a value PostgreSQL's JSON parser refuses next to an ID number (it
quotes the text around the fault in its log; ``json_serializer`` now refuses it first)."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from api.app import create_app
from approval.persistence.case_store import CaseRepository, UploadedDocument
from approval.privacy import ID_NUMBER_PATTERN, PHONE_PATTERN, mask_text
from approval.request_context import configure_logging
from approval.service import ApprovalService
from approval.settings import Settings
from approval.tokens import create_token
from approval.webhooks import deliver_due
from tests.conftest import postgres_schema
from tests.support import FakeOcr, bearer, id_card_images, new_person, registration

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set"
)

# Phones no other test uses, so the shared server log is only searched for this session's people.
PHONES = ["13914000001", "13914000002", "13914000003"]


def test_masking_catches_numbers_in_any_text():
    line = "applicant 32068419850302011X 电话13812345678 +86 13912345678 case 9c5e2a13512345678b"
    assert mask_text(line) == (
        "applicant 3206**********011X 电话138****5678 +86 139****5678 case 9c5e2a13512345678b"
    )  # the last: digits inside a longer run of letters and digits (an id) are left alone
    assert mask_text("credit code 92320614MA1XYZ0123") == "credit code 92320614MA1XYZ0123"


@dataclass
class Session:
    app_log: str
    server_log: str | None  # None: the PostgreSQL server's log could not be read here
    # The last ten characters of each person's ID number (birth date onwards) and the last eight
    # digits of each phone: more than a masked number shows (3206**********011X, 139****0001), and
    # enough to catch a number cut short by the database's quoting ("...4197604061899\"}, …").
    numbers: list[str]


def server_log_path(engine) -> Path | None:  # noqa: ANN001
    """The PostgreSQL server's current log file, if this process can read it: the logging
    collector's file, else TEST_PG_SERVER_LOG, else Debian's default."""
    with engine.connect() as connection:
        current = connection.scalar(text("SELECT pg_current_logfile()"))
        data_dir = connection.scalar(text("SHOW data_directory"))
        major = connection.scalar(text("SHOW server_version")).split(".")[0]
    candidates = [Path(data_dir) / current if current else None, os.environ.get("TEST_PG_SERVER_LOG"),
                  f"/var/log/postgresql/postgresql-{major}-main.log"]  # fmt: skip
    for candidate in filter(None, candidates):
        path = Path(candidate)
        if path.is_file() and os.access(path, os.R_OK):
            return path
    return None


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Session:
    tmp = tmp_path_factory.mktemp("logs")
    url = next(schema := postgres_schema("logs"))
    engine = create_engine(os.environ["TEST_DATABASE_URL"])
    server_log = server_log_path(engine)
    engine.dispose()
    start = server_log.stat().st_size if server_log else 0

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    # As in a fresh `approval serve` process, uvicorn's loggers pass their records to ours (another
    # test's uvicorn may have given them handlers of their own).
    uvicorn_loggers = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved_uvicorn = [(lg.handlers[:], lg.propagate, lg.level) for lg in uvicorn_loggers]
    for lg in uvicorn_loggers:
        lg.handlers[:], lg.propagate, lg.level = [], True, logging.NOTSET
    log_file = (tmp / "app.log").open("w", encoding="utf-8")
    configure_logging("json")  # as `approval serve` and `approval worker` do …
    root.handlers[0].setStream(log_file)  # … into a file instead of stderr
    settings = Settings(data_dir=tmp / "data", DATABASE_URL=url, job_queue="in-process")
    service = ApprovalService.open(settings, read_documents=FakeOcr())
    people = [new_person(14_001, age=40), new_person(14_002, age=17), new_person(14_003, age=50)]
    try:
        run_session(service, settings, people)
    finally:
        service.close()
        root.handlers[:], level = saved
        root.setLevel(level)
        for lg, (handlers, propagate, lg_level) in zip(uvicorn_loggers, saved_uvicorn, strict=True):
            lg.handlers[:], lg.propagate, lg.level = handlers, propagate, lg_level
        log_file.close()
        next(schema, None)  # drops the schema
    time.sleep(0.5)  # the server writes its log asynchronously to us
    server_text = None
    if server_log:
        with server_log.open("rb") as handle:
            handle.seek(start)
            server_text = handle.read().decode("utf-8", "replace")
    numbers = [n for p in people for n in (p.id_number[-10:], p.id_number[-10:].lower())]
    numbers += [phone[-8:] for phone in PHONES]
    return Session((tmp / "app.log").read_text(encoding="utf-8"), server_text, numbers)


def submission(person, phone: str, **form) -> dict:  # noqa: ANN001
    body = registration(person, **form)
    body["applicant"]["phone"] = phone
    return body


def files_of(person) -> dict:  # noqa: ANN001
    return {part: (f"{part}.png", data, "image/png") for part, data in id_card_images(person).items()}


def multipart(body: dict, person) -> dict:  # noqa: ANN001
    part = httpx.Request("POST", "/", json=body).content
    return {"files": {"submission": (None, part, "application/json"), **files_of(person)}}


def run_session(service: ApprovalService, settings: Settings, people: list) -> None:
    adult, minor, third = people
    portal = bearer(create_token(service.sessions, "portal", "portal"))
    reviewer = bearer(create_token(service.sessions, "reviewer", "reviewer"))
    config = uvicorn.Config(
        create_app(settings, service), host="127.0.0.1", port=0, log_level="info", log_config=None
    )  # fmt: skip  (as `approval serve`: uvicorn logs to ours)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not (server.started and server.servers):
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            http_session(http, service, portal, reviewer, adult, minor, third)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    database_refusals(service, third)


def http_session(http, service, portal, reviewer, adult, minor, third) -> None:  # noqa: ANN001
    assert http.put("/v1/webhook", headers=portal, json={"url": "http://127.0.0.1:9/hook"}).status_code == 200
    key = {"Idempotency-Key": f"{adult.id_number}-1"}  # a portal's key built from the ID number
    approved = http.post(
        "/v1/cases", headers={**portal, **key}, **multipart(submission(adult, PHONES[0]), adult)
    )
    assert approved.status_code == 201 and approved.json()["status"] == "approved", approved.text
    # The same key with another submission: refused (409), nothing stored.
    other = submission(adult, PHONES[0], capital_cny=1)
    assert http.post("/v1/cases", headers={**portal, **key}, json=other).status_code == 409
    # Two requests racing with one key: the second's INSERT is refused by the unique key and it
    # answers with the first's case. (The race is made certain by hiding the first from its look-up.)
    raced = {"Idempotency-Key": f"{third.id_number}-race"}
    body = submission(third, PHONES[2])
    first = http.post("/v1/cases", headers={**portal, **raced}, **multipart(body, third))
    lookup = CaseRepository.find_by_idempotency_key
    calls = []

    def blind_once(self, owner, key):  # noqa: ANN001, ANN202
        calls.append(key)
        return None if len(calls) == 1 else lookup(self, owner, key)

    CaseRepository.find_by_idempotency_key = blind_once
    try:
        second = http.post("/v1/cases", headers={**portal, **raced}, **multipart(body, third))
    finally:
        CaseRepository.find_by_idempotency_key = lookup
    assert len(calls) == 2 and second.status_code == 200
    assert second.json()["case_id"] == first.json()["case_id"]

    routed = http.post("/v1/cases", headers=portal, **multipart(submission(minor, PHONES[1]), minor)).json()
    assert routed["status"] == "routed"
    # A reviewer looks for the applicant by full ID number (it is in the access log's URL).
    assert http.get("/v1/review/tasks", headers=reviewer, params={"q": minor.id_number}).status_code == 200
    case_id = routed["case_id"]
    assert http.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer).status_code == 200
    decided = http.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer,
                        json={"outcome": "approve", "comment": f"已核验，电话{PHONES[1]}"})  # fmt: skip
    assert decided.status_code == 200, decided.text
    licence = decided.json()["result"]
    url = urlsplit(licence["licence"])
    assert http.get(f"{url.path}?{url.query}").status_code == 200
    wrong = http.get(f"/v1/licences/{licence['credit_code']}", params={"verification_code": "AAAAAAAA"})
    assert wrong.status_code == 404
    document = http.get(f"/v1/cases/{case_id}/documents/id_card_front", headers=reviewer)
    assert document.status_code == 200
    assert http.get(f"/v1/cases/{case_id}", headers=portal).status_code == 200
    deliver_due(service)  # the receiver is down: each failure is logged


def database_refusals(service: ApprovalService, person) -> None:  # noqa: ANN001
    """What reaches the database from inside: a value its JSON parser refuses, and a unique key
    broken; each logged as the service logs a failure (with its traceback)."""
    log = logging.getLogger("approval.test")
    body = submission(person, PHONES[2])
    body["applicant"] = {"name": person.name, "phone": PHONES[2], "id_number": person.id_number}
    rest = {k: v for k, v in body["form"].items() if k != "capital_cny"}
    body["form"] = {"capital_cny": float("inf"), **rest}  # Infinity right after the number
    document = UploadedDocument("id_card_front", "f.png", "image/png", b"\x89PNG")
    with pytest.raises(ValueError), service.uow() as uow:
        try:
            uow.cases.add_case(owner_token_id="t", idempotency_key=None, request_digest="d",
                               matter=body["matter"], submission=body, documents=[document],
                               case_id=str(uuid.uuid4()), received_at=datetime.now(UTC))  # fmt: skip
        except ValueError:
            log.exception("case could not be stored")
            raise
    case_id = str(uuid.uuid4())
    for _ in range(2):
        try:
            with service.uow() as uow:
                uow.cases.add_case(owner_token_id="t", idempotency_key=person.id_number, request_digest="d",
                                   matter=body["matter"], submission=submission(person, PHONES[2]),
                                   documents=[], case_id=case_id, received_at=datetime.now(UTC))  # fmt: skip
                uow.commit()
        except IntegrityError as exc:
            # What SQLAlchemy says names no value: the bound parameters are hidden.
            assert person.id_number not in str(exc) and PHONES[2] not in str(exc)
            assert "parameters hidden" in str(exc)
            log.exception("case could not be stored")


def test_the_service_log_holds_no_full_id_number_or_phone(session):
    assert "decided: approved" in session.app_log  # the session was logged …
    assert "uvicorn.access" in session.app_log or "GET /v1/review/tasks" in session.app_log
    assert "could not be stored" in session.app_log and "Traceback" in session.app_log
    found = [n for n in session.numbers if n in session.app_log]
    assert found == [], f"unmasked in the service's log: {found}"
    assert ID_NUMBER_PATTERN.findall(session.app_log) == [] and PHONE_PATTERN.findall(session.app_log) == []
    # … and the reviewer's search is there, masked.
    assert re.search(r"GET /v1/review/tasks\?q=\d{4}\*{10}\w{4}", session.app_log), "no masked search line"


def test_the_database_server_log_holds_no_full_id_number_or_phone(session):
    if session.server_log is None:
        pytest.skip("the PostgreSQL server's log is not readable here (set TEST_PG_SERVER_LOG)")
    assert "duplicate key value violates unique constraint" in session.server_log  # the race was logged
    # Only this session's people are searched for: other sessions may write to the same log.
    found = [n for n in session.numbers if n in session.server_log]
    assert found == [], f"unmasked in the PostgreSQL server log: {found}"
