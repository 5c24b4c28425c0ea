"""The whole path with the real OCR: rendered ID card images over multipart HTTP.

Few cases on purpose (OCR is CPU-heavy): one eligible registration and one without the
emblem side. They use their own SQLite service (the database is covered elsewhere)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from stdnum.cn import uscc

from api.app import create_app
from approval.service import ApprovalService
from approval.settings import Settings
from approval.tokens import create_token
from devtools.synthetic import render_id_card_back, render_id_card_front
from devtools.synthetic.capture import encode
from tests.support import HOME, new_person

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ocr_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict]]:
    data_dir: Path = tmp_path_factory.mktemp("ocr-service")
    settings = Settings(
        data_dir=data_dir,
        DATABASE_URL=f"sqlite:///{data_dir / 'db.sqlite3'}",
        ocr_workers=2,
        answer_within_seconds=600,  # the decision is what is tested: the answer waits for it
    )
    service = ApprovalService.open(settings)  # the real OCR pool and rule worker
    try:
        headers = {"Authorization": f"Bearer {create_token(service.sessions, 'portal')}"}
        with TestClient(create_app(settings, service)) as client:
            yield client, headers
    finally:
        service.close()


@pytest.fixture(scope="module")
def wang_wei():
    person = new_person(20261123, age=40, name="王伟", sex="男", region_code="320614")
    images = {
        "id_card_front": encode(render_id_card_front(person), "PNG"),
        "id_card_back": encode(render_id_card_back(person), "PNG"),
    }
    return person, images


def submission(person) -> dict:
    return {
        "matter": "individual-business-registration",
        "applicant": {"name": person.name, "id_number": person.id_number, "phone": "13812345678"},
        "form": {
            "organization_form": "individual",
            "business_scope": ["日用百货销售"],
            "business_address": f"{HOME}长江路88号",
            "region_code": "320614",
            "capital_cny": 50000,
            "employees": 1,
        },
        "declarations": {"information_true": True},
    }


def post(client, headers, person, images):
    return client.post(
        "/v1/cases",
        headers=headers,
        data={"submission": json.dumps(submission(person), ensure_ascii=False)},
        files={part: (f"{part}.png", data, "image/png") for part, data in images.items()},
    )


def test_rendered_id_card_is_read_and_approved(ocr_client, wang_wei):
    client, headers = ocr_client
    person, images = wang_wei
    response = post(client, headers, person, images)
    assert response.status_code == 201
    case = response.json()
    front = case["extracted"]["id_card_front"]
    assert front["name"]["value"] == "王伟"
    assert front["id_number"]["value"] == person.id_number
    assert front["birth_date"]["value"] == person.birth_date.isoformat()
    assert case["extracted"]["id_card_back"]["valid_until"]["value"] == person.valid_until.isoformat()
    assert case["status"] == "approved", case["reasons"]
    assert uscc.is_valid(case["result"]["credit_code"])
    assert {d["part"]: d["kind"] for d in case["documents"]} == {
        "id_card_front": "cn_id_card_front",
        "id_card_back": "cn_id_card_back",
    }


def test_without_the_emblem_side_it_is_returned_naming_it(ocr_client, wang_wei):
    client, headers = ocr_client
    person, images = wang_wei
    response = post(client, headers, person, {"id_card_front": images["id_card_front"]})
    assert response.status_code == 201
    case = response.json()
    assert case["status"] == "returned"
    missing = [r for r in case["reasons"] if r["code"] == "material.missing"]
    assert [r["field"] for r in missing] == ["id_card_back"]
    assert "result" not in case
