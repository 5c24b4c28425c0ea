"""Bad input gets a 4xx with a JSON body saying what is wrong, never a 5xx, and nothing is
stored (no case, no document bytes)."""

from __future__ import annotations

import json

import pytest

from tests.support import id_card_images, registration


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return error


def parts(body, documents: dict[str, bytes], raw_submission: str | None = None) -> dict:
    return {
        "data": {"submission": raw_submission if raw_submission is not None else json.dumps(body)},
        "files": {part: (f"{part}.png", data, "image/png") for part, data in documents.items()},
    }


def test_unknown_matter(client, portal, person, nothing_stored):
    body = {**registration(person), "matter": "fishing-licence"}
    error = error_of(client.post("/v1/cases", headers=portal, json=body), 422)
    assert error["errors"][0]["loc"] == ["matter"]
    assert "fishing-licence" in error["errors"][0]["msg"]
    assert "individual-business-registration" in error["errors"][0]["msg"]  # says what is known
    nothing_stored()


def test_missing_applicant(client, portal, person, nothing_stored):
    body = registration(person)
    del body["applicant"]
    error = error_of(client.post("/v1/cases", headers=portal, json=body), 422)
    assert ["applicant"] in [e["loc"] for e in error["errors"]]
    nothing_stored()


def test_applicant_without_id_number(client, portal, person, nothing_stored):
    body = registration(person)
    del body["applicant"]["id_number"]
    error = error_of(client.post("/v1/cases", headers=portal, json=body), 422)
    assert ["applicant", "id_number"] in [e["loc"] for e in error["errors"]]
    nothing_stored()


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe\x00", b""])
def test_body_that_is_not_json(client, portal, raw, nothing_stored):
    response = client.post("/v1/cases", headers={**portal, "Content-Type": "application/json"}, content=raw)
    assert 400 <= response.status_code < 500
    error_of(response, response.status_code)
    nothing_stored()


@pytest.mark.parametrize("body", [[1, 2], "a string", 12])
def test_json_that_is_not_an_object(client, portal, body, nothing_stored):
    error_of(client.post("/v1/cases", headers=portal, json=body), 422)
    nothing_stored()


def test_submission_part_that_is_not_json(client, portal, person, nothing_stored):
    response = client.post("/v1/cases", headers=portal, **parts(None, id_card_images(person), "matter=x"))
    assert error_of(response, 400)["code"] == "invalid_json"
    nothing_stored()


def test_multipart_without_a_submission_part(client, portal, person, nothing_stored):
    response = client.post(
        "/v1/cases",
        headers=portal,
        files={p: (f"{p}.png", d, "image/png") for p, d in id_card_images(person).items()},
    )
    assert error_of(response, 422)["code"] == "missing_submission"
    nothing_stored()


def test_text_file_as_material_is_415(client, portal, person, nothing_stored):
    docs = {**id_card_images(person), "id_card_back": b"this is my ID card, honest\n"}
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    error = error_of(response, 415)
    assert error["errors"][0]["loc"] == ["files", "id_card_back"]
    nothing_stored()


def test_declared_image_type_is_not_trusted(client, portal, person, nothing_stored):
    fake_jpeg = b"GIF89a" + b"\x00" * 64
    response = client.post(
        "/v1/cases",
        headers=portal,
        data={"submission": json.dumps(registration(person))},
        files={"id_card_front": ("front.jpg", fake_jpeg, "image/jpeg")},
    )
    error_of(response, 415)
    nothing_stored()


def test_unknown_material_part(client, portal, person, nothing_stored):
    docs = {**id_card_images(person), "selfie": id_card_images(person)["id_card_front"]}
    error = error_of(client.post("/v1/cases", headers=portal, **parts(registration(person), docs)), 422)
    assert error["errors"][0]["loc"] == ["files", "selfie"]
    assert "id_card_front" in error["errors"][0]["msg"]  # says which materials are expected
    nothing_stored()


def test_material_part_that_is_not_a_file(client, portal, person, nothing_stored):
    response = client.post(
        "/v1/cases",
        headers=portal,
        data={"submission": json.dumps(registration(person)), "id_card_front": "not a file"},
        files={"id_card_back": ("back.png", id_card_images(person)["id_card_back"], "image/png")},
    )
    assert error_of(response, 422)["code"] == "invalid_material"
    nothing_stored()


def test_material_sent_twice(client, portal, person, nothing_stored):
    front = id_card_images(person)["id_card_front"]
    response = client.post(
        "/v1/cases",
        headers=portal,
        data={"submission": json.dumps(registration(person))},
        files=[
            ("id_card_front", ("a.png", front, "image/png")),
            ("id_card_front", ("b.png", front, "image/png")),
        ],
    )
    assert error_of(response, 422)["code"] == "duplicate_material"
    nothing_stored()


def test_unsupported_content_type(client, portal, nothing_stored):
    response = client.post("/v1/cases", headers={**portal, "Content-Type": "text/plain"}, content=b"hello")
    error_of(response, 415)
    nothing_stored()


def test_blank_idempotency_key(client, portal, person, nothing_stored):
    response = client.post(
        "/v1/cases", headers={**portal, "Idempotency-Key": "  "}, json=registration(person)
    )
    error_of(response, 422)
    nothing_stored()


def test_form_errors_are_a_returned_case_not_a_refusal(client, portal, person):
    """A well-formed envelope with a bad form is stored and returned with every field to fix."""
    body = registration(person, employees=-1, organization_form="llc")
    response = client.post("/v1/cases", headers=portal, **parts(body, id_card_images(person)))
    assert response.status_code == 201
    case = response.json()
    assert case["status"] == "returned"
    fields = {r["field"] for r in case["reasons"] if r["code"] == "form.invalid"}
    assert fields == {"form.employees", "form.organization_form"}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_number_is_refused(client, portal, person, constant):
    raw = json.dumps(registration(person)).replace('"capital_cny": 50000', f'"capital_cny": {constant}')
    assert constant in raw
    response = client.post("/v1/cases", headers={**portal, "Content-Type": "application/json"}, content=raw)
    error_of(response, 422)


def test_nul_character_in_the_id_number_is_not_a_server_error(client, portal, person):
    body = registration(person)
    body["applicant"]["id_number"] = "\u0000" + person.id_number[1:]
    response = client.post("/v1/cases", headers=portal, json=body)
    assert response.status_code < 500


# -- hostile JSON (#14): never a 5xx, nothing stored ------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b'{"matter": "individual-business-registration", "x": "\\ud800"}', "invalid_character"),
        (b'{"a": ' * 400 + b"1" + b"}" * 400, "too_deep"),
        (b'{"matter": "m", "form": {"capital_cny": 1e999}}', "invalid_number"),
        (b'{"matter": "m", "form": {"capital_cny": ' + b"9" * 5000 + b"}}", "invalid_number"),
        (b'{"matter": "m", "form": {"capital_cny": -' + b"9" * 5000 + b"}}", "invalid_number"),
        (b"[" * 100_000 + b"]" * 100_000, None),  # far deeper than the parser's own stack
    ],
)
def test_hostile_json_is_a_clear_4xx_and_nothing_is_stored(client, portal, raw, code, nothing_stored):
    response = client.post("/v1/cases", headers={**portal, "Content-Type": "application/json"}, content=raw)
    assert 400 <= response.status_code < 500, response.text
    error = error_of(response, response.status_code)
    if code:
        assert error["code"] == code
    nothing_stored()
