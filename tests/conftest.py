"""Shared fixtures for the service and API tests.

* ``database_url``: every database-backed test runs on SQLite (a temp file) and, when
  ``TEST_DATABASE_URL`` is set, on PostgreSQL too (a fresh schema per test, dropped after).
* ``service`` / ``client``: the real service and the real ASGI app over HTTP, with the real
  rule worker; only OCR is replaced by a fake that returns reading dicts (``FakeOcr``), so
  most tests stay fast. The fake's "images" are PNG-signed bytes carrying the reading they
  stand for, so the same bytes give the same reading in any service instance.
* Synthetic people (``devtools.synthetic.make_person``) give consistent applicant data and
  readings: the name, ID number and birth date on the card are those of the applicant.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api.app import create_app
from approval import service as service_module
from approval.service import ApprovalService
from approval.settings import REPO_ROOT, Settings
from approval.tokens import create_token
from devtools.synthetic import SyntheticPerson
from tests.support import FakeOcr, bearer, new_person, stored_case_ids


# -- databases --------------------------------------------------------------------------------
def _database_params() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    skip = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set")
    params.append(pytest.param("postgresql", id="postgresql", marks=skip))
    return params


@pytest.fixture(params=_database_params())
def database_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    yield from postgres_schema("t")


def postgres_schema(prefix: str) -> Iterator[str]:
    """A fresh schema in the test PostgreSQL database, as a URL whose search_path selects it;
    dropped afterwards."""
    base = os.environ["TEST_DATABASE_URL"]
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in base else "?"
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def person() -> SyntheticPerson:
    return new_person(20261123, age=40, name="王伟", sex="男")


@pytest.fixture
def fake_ocr() -> FakeOcr:
    return FakeOcr()


# -- the service and the app --------------------------------------------------------------------
@pytest.fixture(scope="session")
def _rulebook_parsed_once() -> Iterator[None]:
    """Every service in the session shares one parse of the repository's ``rules/`` (parsing the
    YAML is the slowest part of starting a service; the rulebook itself is the real one). Copies
    that a test edits are parsed afresh."""
    real = service_module.load_rulebook
    repo_rules = (REPO_ROOT / "rules").resolve()
    cache: list[object] = []

    def load(path):  # noqa: ANN001, ANN202
        if Path(path).resolve() != repo_rules:
            return real(path)
        if not cache:
            cache.append(real(path))
        return cache[0]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(service_module, "load_rulebook", load)
        yield


@pytest.fixture
def settings(tmp_path: Path, database_url: str, _rulebook_parsed_once: None) -> Settings:
    # Cases are decided by threads in the test's process on both databases; the job queue of
    # PostgreSQL with its worker processes has its own tests (tests/service/test_job_queue.py).
    return Settings(data_dir=tmp_path / "data", DATABASE_URL=database_url, job_queue="in-process")


@pytest.fixture
def service(settings: Settings, fake_ocr: FakeOcr) -> Iterator[ApprovalService]:
    svc = ApprovalService.open(settings, read_documents=fake_ocr)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def client(settings: Settings, service: ApprovalService) -> Iterator[TestClient]:
    with TestClient(create_app(settings, service)) as test_client:
        yield test_client


@pytest.fixture
def portal_token(service: ApprovalService) -> str:
    return create_token(service.sessions, "portal", "portal A")


@pytest.fixture
def other_portal_token(service: ApprovalService) -> str:
    return create_token(service.sessions, "portal", "portal B")


@pytest.fixture
def reviewer_token(service: ApprovalService) -> str:
    return create_token(service.sessions, "reviewer", "reviewer 1")


@pytest.fixture
def second_reviewer_token(service: ApprovalService) -> str:
    return create_token(service.sessions, "reviewer", "reviewer 2")


@pytest.fixture
def author_token(service: ApprovalService) -> str:
    return create_token(service.sessions, "author", "rule author")


@pytest.fixture
def portal(portal_token: str) -> dict[str, str]:
    return bearer(portal_token)


@pytest.fixture
def reviewer(reviewer_token: str) -> dict[str, str]:
    return bearer(reviewer_token)


@pytest.fixture
def author(author_token: str) -> dict[str, str]:
    return bearer(author_token)


@pytest.fixture
def nothing_stored(service: ApprovalService, settings: Settings):  # noqa: ANN201
    """A check that a refused request left no case and no document bytes behind."""

    def check() -> None:
        assert stored_case_ids(service) == []
        blobs = settings.data_dir / "blobs"
        assert not [p for p in blobs.rglob("*") if p.is_file()]

    return check
