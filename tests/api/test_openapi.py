"""The OpenAPI document is the truth (#14): every answer's shape, the bearer scheme, every error
in the one envelope (never FastAPI's ``{"detail": …}``), both submission bodies part by part;
and /docs and /redoc work with no network beyond the service."""

from __future__ import annotations

import json
import re

import pytest

from api.app import create_app
from tests.support import id_card_images, post_multipart, registration

DOCUMENT = create_app().openapi()
OPERATIONS = [
    (method, path, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
]
V1 = [(m, p, o) for m, p, o in OPERATIONS if p.startswith("/v1/")]


def _successes(operation: dict) -> dict:
    return {s: a for s, a in operation["responses"].items() if s.startswith("2")}


# Not JSON: a document's bytes, the printable licence (its page, its PDF).
NOT_JSON = {
    p for m, p, o in V1 if not any("application/json" in a.get("content", {}) for a in _successes(o).values())
}


def test_the_bearer_scheme_is_on_every_protected_operation():
    assert DOCUMENT["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": DOCUMENT["components"]["securitySchemes"]["HTTPBearer"]["description"],
    }
    for method, path, operation in V1:
        if not path.startswith("/v1/licences/"):  # public: whoever holds the licence
            assert operation.get("security") == [{"HTTPBearer": []}], (method, path)
            assert "401" in operation["responses"], (method, path)
            # Any token reads the catalogue; everything else needs a role.
            assert ("403" in operation["responses"]) != path.startswith("/v1/matters"), (method, path)


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in V1 if p not in NOT_JSON])
def test_every_json_operation_names_the_model_of_its_answer(method, path):
    success = _successes(DOCUMENT["paths"][path][method])
    assert success, (method, path)
    for status, answer in success.items():
        schema = answer["content"]["application/json"]["schema"]
        assert schema.get("$ref", "").startswith("#/components/schemas/"), (method, path, status, schema)


def test_every_error_answer_is_the_envelope_and_fastapis_own_is_nowhere():
    text = json.dumps(DOCUMENT)
    assert "HTTPValidationError" not in text
    assert '"detail"' not in text
    for method, path, operation in OPERATIONS:
        for status, answer in operation["responses"].items():
            if status.startswith(("4", "5")) and not (path == "/readyz" and status == "503"):
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, (method, path, status)
    envelope = DOCUMENT["components"]["schemas"]["ErrorBody"]
    assert {"code", "message", "errors"} <= set(envelope["properties"])
    item = DOCUMENT["components"]["schemas"]["ErrorItem"]["properties"]
    assert {"loc", "field", "message", "msg"} <= set(item)


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        ("/v1/cases", {"400", "401", "403", "409", "413", "415", "422", "503"}),
        ("/v1/cases/{case_id}/resubmission", {"400", "401", "403", "404", "409", "413", "415", "422"}),
        ("/v1/rules/dry-run", {"400", "401", "403", "413", "415", "422"}),
    ],
)
def test_a_submission_body_is_described_as_json_and_as_multipart_part_by_part(path, statuses):
    operation = DOCUMENT["paths"][path]["post"]
    assert statuses <= set(operation["responses"])
    content = operation["requestBody"]["content"]
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Submission"}
    multipart = content["multipart/form-data"]
    assert multipart["schema"]["required"] == ["submission"]
    parts = multipart["schema"]["properties"]
    assert parts["submission"]["$ref"] == "#/components/schemas/Submission"
    assert parts["id_card_front"]["format"] == "binary" and parts["business_licence"]["format"] == "binary"
    pattern = next(iter(multipart["schema"]["patternProperties"]))
    assert re.match(pattern, "shareholder_2_id_card_back") and not re.match(pattern, "selfie")
    assert multipart["encoding"]["submission"]["contentType"] == "application/json"
    submission = DOCUMENT["components"]["schemas"]["Submission"]
    assert {"matter", "applicant"} <= set(submission["required"])


def test_the_html_pages_are_not_in_the_document():
    assert not [p for p in DOCUMENT["paths"] if p.startswith("/review")]


def test_docs_and_redoc_are_served_whole_by_the_service(client):
    for page in ("/docs", "/redoc"):
        response = client.get(page)
        assert response.status_code == 200
        assert not re.search(r"https?://", response.text), page  # no CDN, no web font
        assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert any(a.endswith(".js") for a in assets), assets
        for asset in assets:
            served = client.get(asset)
            assert served.status_code == 200 and len(served.content) > 1000, asset
    assert client.get("/openapi.json").json()["paths"].keys() == DOCUMENT["paths"].keys()


# -- 400 is for what cannot be read; 422 for what was read and is not valid ------------------------
def test_a_json_body_that_is_not_json_is_400_everywhere(client, portal, reviewer):
    broken = {"Content-Type": "application/json"}
    submitted = client.post("/v1/cases", headers={**portal, **broken}, content=b'{"matter": ')
    assert submitted.status_code == 400 and submitted.json()["error"]["code"] == "invalid_json"
    decided = client.post("/v1/review/tasks/x/decision", headers={**reviewer, **broken}, content=b"{")
    assert decided.status_code == 400 and decided.json()["error"]["code"] == "invalid_json"
    webhook = client.put("/v1/webhook", headers={**portal, **broken}, content=b"[")
    assert webhook.status_code == 400


def test_a_json_body_that_is_read_but_not_valid_is_422(client, reviewer):
    response = client.post("/v1/review/tasks/x/decision", headers=reviewer, json={"outcome": "maybe"})
    assert response.status_code == 422
    entry = response.json()["error"]["errors"][0]
    assert entry["field"] == "outcome" and entry["loc"] == ["body", "outcome"]
    assert entry["message"] == "审查结论的取值不在允许的范围内。"


# -- what to fix, in the applicant's words; the path kept beside it ----------------------------------
def test_a_refused_submission_says_what_to_fix_in_chinese_beside_the_path(client, portal, person):
    body = registration(person)
    del body["applicant"]["id_number"]
    body["matter"] = "fishing-licence"
    errors = client.post("/v1/cases", headers=portal, json=body).json()["error"]["errors"]
    by_field = {e["field"]: e for e in errors}
    assert by_field["applicant.id_number"]["message"] == "请填写申请人身份证号码。"
    assert by_field["applicant.id_number"]["loc"] == ["applicant", "id_number"]
    assert by_field["matter"]["message"].startswith("没有“fishing-licence”这一事项")
    assert "fishing-licence" in by_field["matter"]["msg"]  # the technical words are kept


def test_a_form_fault_is_returned_in_the_forms_own_words(client, portal, person):
    body = registration(person, capital_cny="五万", employees=-1)
    case = post_multipart(client, "/v1/cases", portal, body, id_card_images(person)).json()
    messages = {r["field"]: r["message"] for r in case["reasons"] if r["code"] == "form.invalid"}
    assert messages == {
        "form.capital_cny": "资金数额（元）应为数字。",
        "form.employees": "从业人数不能小于0。",
    }


def test_an_unknown_material_names_the_ones_the_matter_takes(client, portal, person):
    documents = {**id_card_images(person), "selfie": b"\x89PNG\r\n\x1a\n"}
    response = post_multipart(client, "/v1/cases", portal, registration(person), documents)
    entry = response.json()["error"]["errors"][0]
    assert response.status_code == 422 and entry["field"] == "files.selfie"
    assert entry["message"] == "本事项不收取材料“selfie”；所需材料为：id_card_front、id_card_back。"
