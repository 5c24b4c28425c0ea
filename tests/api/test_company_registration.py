"""有限责任公司设立登记 through ``POST /v1/cases``: the sample's rendered cards read by the real
reader, the company entered in the register with its legal representative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from approval.rule_testing import load_case
from approval.service import ApprovalService
from approval.settings import REPO_ROOT, Settings
from approval.tokens import create_token
from tests.support import bearer, company, company_cards, new_person

SAMPLES = REPO_ROOT / "samples" / "company-registration"


def multipart(body: dict, documents: dict[str, bytes]) -> dict:
    return {
        "data": {"submission": json.dumps(body, ensure_ascii=False)},
        "files": {part: (f"{part}.jpg", data, "image/jpeg") for part, data in documents.items()},
    }


@pytest.fixture
def real_reader_client(tmp_path: Path):
    """The whole service with the real OCR reader (SQLite; one worker keeps memory low)."""
    # The decision is what is tested: the answer waits for it however slow the machine.
    settings = Settings(
        data_dir=tmp_path / "data", DATABASE_URL=None, ocr_workers=1, answer_within_seconds=600
    )
    service = ApprovalService.open(settings)
    try:
        with TestClient(create_app(settings, service)) as client:
            yield client, bearer(create_token(service.sessions, "portal", "portal"))
    finally:
        service.close()


def test_three_shareholders_with_photographed_cards_are_registered(real_reader_client):
    client, portal = real_reader_client
    case = load_case(SAMPLES / "01-three-shareholders")
    documents = {d.part: d.data for d in case.documents}
    assert len(documents) == 6
    response = client.post("/v1/cases", headers=portal, **multipart(case.body, documents))
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["status"] == "approved", answer["reasons"]
    code = answer["result"]["credit_code"]
    assert code.startswith("91320614")
    licence = client.get(answer["result"]["licence"]).text
    assert case.body["form"]["legal_representative"]["name"] in licence
    assert case.body["form"]["company_name"] in licence
    for part in documents:
        assert answer["extracted"][part], part  # every card was read and its fields kept


def test_every_missing_card_is_named_at_once(client, portal):
    people = [new_person(800 + i, age=35) for i in range(3)]
    cards = company_cards(people)
    for part in ("shareholder_2_id_card_back", "shareholder_3_id_card_front", "shareholder_3_id_card_back"):
        del cards[part]
    response = client.post("/v1/cases", headers=portal, **multipart(company(people), cards))
    answer = response.json()
    assert answer["status"] == "returned"
    missing = sorted(r["field"] for r in answer["reasons"] if r["code"] == "material.missing")
    assert missing == [
        "shareholder_2_id_card_back",
        "shareholder_3_id_card_back",
        "shareholder_3_id_card_front",
    ]


def test_a_card_for_a_shareholder_the_form_does_not_have_is_a_clear_422(client, portal):
    people = [new_person(810 + i, age=35) for i in range(2)]
    cards = company_cards([*people, new_person(812, age=40)])
    response = client.post("/v1/cases", headers=portal, **multipart(company(people), cards))
    assert response.status_code == 422
    assert "shareholder_3_id_card_front" in response.text
    assert client.get("/v1/cases", headers=portal).status_code in (200, 404, 405)


def test_the_matter_catalogue_describes_per_shareholder_materials(client, portal):
    matter = client.get("/v1/matters/company-registration", headers=portal).json()
    assert matter["materials"]["shareholder_{n}_id_card_front"] == "cn_id_card_front"
    assert matter["repeat_materials_over"] == "shareholders"
    assert "legal_representative_id_card_front" in matter["optional_materials"]
