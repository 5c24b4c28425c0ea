"""Fuzzing every operation of /openapi.json (#14): schemathesis makes requests from the schema
itself and checks each answer: never a 5xx, and every answer (success or error) as the schema
says. A case of each kind (approved, routed, returned) is on file first, so lists, the queue and
the statistics answer with lines to check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from api.app import create_app
from approval.service import ApprovalService
from approval.settings import Settings
from approval.tokens import create_token
from tests.support import FakeOcr, bearer, id_card_images, new_person, post_multipart, registration

# The operation's path → the role that may call it (a supervisor may do all a reviewer may).
ROLES = {"/v1/cases": "portal", "/v1/webhook": "portal", "/v1/review": "supervisor",
         "/v1/statistics": "supervisor", "/v1/rules": "author", "/v1/matters": "author"}  # fmt: skip


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, dict]]:
    # One service for every operation (on SQLite: this is about the API's answers, not storage).
    data = tmp_path_factory.mktemp("fuzz")
    service = ApprovalService.open(
        Settings(data_dir=data, DATABASE_URL=f"sqlite:///{data / 'fuzz.sqlite3'}", job_queue="in-process"),
        read_documents=FakeOcr(),
    )
    tokens = {
        role: bearer(create_token(service.sessions, role, f"fuzz {role}")) for role in set(ROLES.values())
    }
    app = create_app(service=service)
    with TestClient(app) as client:
        for seed, age, form in ((1, 40, {}), (2, 17, {}), (3, 40, {"employees": -1})):
            person = new_person(seed, age=age)
            post_multipart(
                client, "/v1/cases", tokens["portal"], registration(person, **form), id_card_images(person)
            )
    try:
        yield app, tokens
    finally:
        shutdown_lifespans()  # schemathesis keeps the app's lifespan running until told
        service.close()


# The document is the app's own (an app built without starting it: no service needed for that).
schema = schemathesis.openapi.from_dict(create_app().openapi())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented_and_never_5xx(case, fuzzed):
    app, tokens = fuzzed
    role = next((r for prefix, r in ROLES.items() if case.path.startswith(prefix)), None)
    case.call_and_validate(
        app=app,
        headers=tokens[role] if role else {},
        checks=[schemathesis.checks.not_a_server_error, status_code_conformance, response_schema_conformance],
    )
