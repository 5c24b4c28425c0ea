"""The portal's side of the contract over real HTTP: submitting (JSON or multipart),
idempotent replays, reading a case back with its history, and who may see what."""

from __future__ import annotations

import json

import pytest
from stdnum.cn import uscc

from approval.tokens import create_token
from tests.support import (
    IBR,
    bearer,
    id_card_images,
    new_person,
    post_multipart,
    registration,
    stored_case_ids,
)


def multipart(body: dict, documents: dict[str, bytes]) -> dict:
    return {
        "data": {"submission": json.dumps(body, ensure_ascii=False)},
        "files": {part: (f"{part}.png", data, "image/png") for part, data in documents.items()},
    }


def submit(client, headers, person, **extra_headers):
    return client.post(
        "/v1/cases",
        headers={**headers, **extra_headers},
        **multipart(registration(person), id_card_images(person)),
    )


def test_multipart_submission_of_an_eligible_registration_is_approved(client, portal, person):
    response = submit(client, portal, person)
    assert response.status_code == 201
    case = response.json()
    assert case["status"] == "approved", case["reasons"]
    assert case["matter"] == IBR
    assert case["reasons"] == []
    assert case["decided_at"]
    assert case["ruleset"]["version"] and len(case["ruleset"]["digest"]) == 64
    assert case["extracted"]["id_card_front"]["name"]["value"] == person.name
    assert case["extracted"]["id_card_front"]["name"]["confidence"] == pytest.approx(0.98)
    assert {d["part"] for d in case["documents"]} == {"id_card_front", "id_card_back"}


def test_approved_registration_is_registered_with_a_valid_unique_credit_code(client, portal, person):
    first = submit(client, portal, person).json()
    second_person = new_person(4242, age=30, name="李娜", sex="女")
    second = submit(client, portal, second_person).json()
    assert first["status"] == second["status"] == "approved"
    codes = [first["result"]["credit_code"], second["result"]["credit_code"]]
    assert all(uscc.is_valid(code) for code in codes)
    assert codes[0] != codes[1]
    assert all(code.startswith("92320614") for code in codes)  # individual business in 海门区

    # The licence's URL carries the verification code printed on it (tests/api/test_licences.py).
    licence = client.get(first["result"]["licence"])
    assert licence.status_code == 200
    assert "text/html" in licence.headers["content-type"]
    assert codes[0] in licence.text and person.name in licence.text and "个体工商户" in licence.text
    assert first["result"]["verification_code"] in licence.text


def test_json_submission_without_materials_is_returned_naming_both(client, portal, person, service):
    response = client.post("/v1/cases", headers=portal, json=registration(person))
    assert response.status_code == 201
    case = response.json()
    assert case["status"] == "returned"
    assert sorted((r["code"], r["field"]) for r in case["reasons"]) == [
        ("material.missing", "id_card_back"),
        ("material.missing", "id_card_front"),
    ]
    assert all(r["message"] for r in case["reasons"])
    assert "result" not in case
    assert len(stored_case_ids(service)) == 1


def test_idempotent_replay_answers_200_with_the_same_case(client, portal, person, service):
    first = submit(client, portal, person, **{"Idempotency-Key": "abc-1"})
    again = submit(client, portal, person, **{"Idempotency-Key": "abc-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["case_id"] == first.json()["case_id"]
    assert again.json()["result"] == first.json()["result"]
    assert len(stored_case_ids(service)) == 1
    assert [d["decided_by"] for d in again.json()["decisions"]] == ["engine"]


def test_same_key_with_a_different_submission_is_a_conflict(client, portal, person, service):
    first = submit(client, portal, person, **{"Idempotency-Key": "abc-2"})
    changed = registration(person, business_address="江苏省南通市海门区人民路1号")
    response = client.post(
        "/v1/cases",
        headers={**portal, "Idempotency-Key": "abc-2"},
        **multipart(changed, id_card_images(person)),
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "idempotency_key_reused"
    assert first.json()["case_id"] in error["message"]
    assert stored_case_ids(service) == [first.json()["case_id"]]


def test_same_key_with_different_documents_is_a_conflict(client, portal, person, service):
    submit(client, portal, person, **{"Idempotency-Key": "abc-3"})
    docs = id_card_images(person)
    del docs["id_card_back"]
    response = client.post(
        "/v1/cases", headers={**portal, "Idempotency-Key": "abc-3"}, **multipart(registration(person), docs)
    )
    assert response.status_code == 409
    assert len(stored_case_ids(service)) == 1


def test_idempotency_keys_belong_to_one_portal(client, portal, other_portal_token, person, service):
    mine = submit(client, portal, person, **{"Idempotency-Key": "shared"})
    theirs = submit(client, bearer(other_portal_token), person, **{"Idempotency-Key": "shared"})
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["case_id"] != theirs.json()["case_id"]


def test_case_reads_back_with_its_history(client, portal, person):
    created = submit(client, portal, person).json()
    response = client.get(f"/v1/cases/{created['case_id']}", headers=portal)
    assert response.status_code == 200
    case = response.json()
    assert case["status"] == "approved"
    assert case["result"] == created["result"]
    # Each step of the decision is in the history (#13: read and evaluated are events of their own).
    # An instant approval is drawn for a check afterwards, or not (事后监管): that is recorded too.
    assert [e["type"] for e in case["history"]] == ["received", "processing", "read", "evaluated", "approved",
                                                   "check_drawn"]  # fmt: skip
    assert case["history"][-2]["data"]["result"]["credit_code"] == created["result"]["credit_code"]
    trace = case["decisions"][0]["trace"]
    assert {t.get("rule") for t in trace if "rule" in t} >= {"applicant.adult", "id_card.not_expired"}


def test_a_portal_cannot_see_another_portals_case(client, portal, other_portal_token, person):
    case_id = submit(client, portal, person).json()["case_id"]
    response = client.get(f"/v1/cases/{case_id}", headers=bearer(other_portal_token))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert person.name not in response.text


def test_reviewer_sees_any_case_and_author_sees_it_masked(client, portal, reviewer, author, person, service):
    case_id = submit(client, portal, person).json()["case_id"]
    as_reviewer = client.get(f"/v1/cases/{case_id}", headers=reviewer)
    assert as_reviewer.status_code == 200
    assert as_reviewer.json()["extracted"]["id_card_front"]["id_number"]["value"] == person.id_number
    as_author = client.get(f"/v1/cases/{case_id}", headers=author)
    assert as_author.status_code == 200
    assert person.id_number not in as_author.text
    supervisor = bearer(create_token(service.sessions, "supervisor"))  # a reviewer who also assigns
    assert person.id_number in client.get(f"/v1/cases/{case_id}", headers=supervisor).text


def test_admin_may_act_for_every_role(client, service, person):
    admin = bearer(create_token(service.sessions, "admin"))
    created = submit(client, admin, person)
    assert created.status_code == 201
    case = client.get(f"/v1/cases/{created.json()['case_id']}", headers=admin).json()
    assert case["extracted"]["id_card_front"]["id_number"]["value"] == person.id_number
    assert client.get("/v1/review/tasks", headers=admin).status_code == 200
    assert client.post("/v1/rules/dry-run", headers=admin, json=registration(person)).status_code == 200


def test_unknown_case_is_404(client, portal):
    assert client.get("/v1/cases/no-such-case", headers=portal).status_code == 404


# -- authentication and roles -------------------------------------------------------------------
ENDPOINTS = [
    ("post", "/v1/cases"),
    ("get", "/v1/cases/x"),
    ("get", "/v1/review/tasks"),
    ("post", "/v1/review/tasks/x/claim"),
    ("post", "/v1/review/tasks/x/decision"),
    ("get", "/v1/matters"),
    ("get", "/v1/matters/senior-allowance"),
    ("post", "/v1/rules/dry-run"),
]


def test_no_or_bad_token_is_401_everywhere(client):
    for headers in ({}, {"Authorization": "Bearer ap_portal_forged"}, {"Authorization": "Basic eDp5"}):
        for method, path in ENDPOINTS:
            response = getattr(client, method)(path, headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.json()["error"]["code"] == "unauthenticated"


def test_wrong_role_is_403_and_nothing_is_stored(client, reviewer, author, person, service):
    for headers in (reviewer, author):
        response = client.post("/v1/cases", headers=headers, json=registration(person))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert stored_case_ids(service) == []


def test_portal_cannot_use_reviewer_or_author_endpoints(client, portal, person):
    assert client.get("/v1/review/tasks", headers=portal).status_code == 403
    assert client.post("/v1/review/tasks/x/claim", headers=portal).status_code == 403
    assert client.post("/v1/rules/dry-run", headers=portal, json=registration(person)).status_code == 403


# -- the register: a name registered once --------------------------------------------------------
def _named(client, portal, seed: int, name: str) -> dict:
    someone = new_person(seed, age=35)
    body = registration(someone, business_name=name)
    response = client.post("/v1/cases", headers=portal, **multipart(body, id_card_images(someone)))
    assert response.status_code == 201
    return response.json()


def test_a_registered_name_cannot_be_registered_again(client, portal):
    first = _named(client, portal, 1, "海门区嘉禾便利店")
    second = _named(client, portal, 2, "海门区嘉禾便利店")
    assert first["status"] == "approved"
    assert second["status"] == "returned"
    assert [r["code"] for r in second["reasons"]] == ["name.not_taken"]
    assert "result" not in second


@pytest.mark.parametrize("variant", ["海门区春晖 便利店", "海门区春晖便利店"], ids=["as-typed", "no-space"])
def test_a_name_typed_with_a_space_is_still_taken(client, portal, variant):
    assert _named(client, portal, 3, "海门区春晖 便利店")["status"] == "approved"
    again = _named(client, portal, 4, variant)
    assert again["status"] == "returned"
    assert "name.not_taken" in [r["code"] for r in again["reasons"]]


# -- documents (#13) -----------------------------------------------------------------------------
def test_a_document_is_served_to_its_portal_and_reviewers_only_and_never_cached(
    client, portal, other_portal_token, reviewer, service, person
):
    images = id_card_images(person)
    response = client.post(
        "/v1/cases",
        headers=portal,
        data={"submission": json.dumps(registration(person), ensure_ascii=False)},
        files={p: (f"{p}.html", d, "text/html") for p, d in images.items()},  # a lying content type
    )
    case_id = response.json()["case_id"]
    url = f"/v1/cases/{case_id}/documents/id_card_front"
    for headers in (portal, reviewer):
        got = client.get(url, headers=headers)
        assert got.status_code == 200 and got.content == images["id_card_front"]
        assert got.headers["content-type"] == "image/png"  # what the bytes are
        assert got.headers["cache-control"] == "no-store"
    author = bearer(create_token(service.sessions, "author"))
    for stranger in (bearer(other_portal_token), author):
        assert client.get(url, headers=stranger).status_code == 404
    assert client.get(f"/v1/cases/{case_id}/documents/nothing", headers=reviewer).status_code == 404
    assert client.get(url).status_code == 401


# -- return for correction and resubmission (#13) ------------------------------------------------
def test_a_returned_case_resubmitted_with_the_missing_card_side_is_approved(client, portal, person):
    images = id_card_images(person)
    front_only = {"id_card_front": images["id_card_front"]}
    first = post_multipart(client, "/v1/cases", portal, registration(person), front_only)
    case_id = first.json()["case_id"]
    assert first.json()["status"] == "returned"
    assert "material.missing" in [r["code"] for r in first.json()["reasons"]]

    again = post_multipart(client, f"/v1/cases/{case_id}/resubmission", portal, registration(person),
                           {"id_card_back": images["id_card_back"]})  # fmt: skip
    assert again.status_code == 200, again.text
    case = again.json()
    assert case["case_id"] == case_id and case["status"] == "approved" and case["result"]["credit_code"]
    types = [e["type"] for e in case["history"]]
    assert types[0] == "received" and "returned" in types
    assert types[-5:] == ["processing", "read", "evaluated", "approved", "check_drawn"]
    assert "resubmitted" in types
    assert {d["part"] for d in case["documents"]} == {"id_card_front", "id_card_back"}
    assert [d["status"] for d in case["decisions"]] == ["returned", "approved"]


def test_only_the_owner_resubmits_and_only_a_returned_case(client, portal, other_portal_token, person):
    images = id_card_images(person)
    approved = post_multipart(client, "/v1/cases", portal, registration(person), images).json()
    assert approved["status"] == "approved"
    url = f"/v1/cases/{approved['case_id']}/resubmission"
    assert client.post(url, headers=portal, json=registration(person)).status_code == 409
    assert client.post(url, headers=bearer(other_portal_token), json=registration(person)).status_code == 404


def test_a_portal_polls_its_own_cases_changed_since_a_time(client, portal, other_portal_token, reviewer):
    start = "2000-01-01T00:00:00+00:00"
    minor, adult = new_person(811, age=17), new_person(812, age=40)
    routed = post_multipart(client, "/v1/cases", portal, registration(minor), id_card_images(minor)).json()
    approved = post_multipart(client, "/v1/cases", portal, registration(adult), id_card_images(adult)).json()
    seen = client.get("/v1/cases", headers=portal, params={"changed_since": start}).json()
    assert seen["total"] == 2 and {c["case_id"] for c in seen["cases"]} == {
        routed["case_id"],
        approved["case_id"],
    }
    assert (
        client.get("/v1/cases", headers=bearer(other_portal_token), params={"changed_since": start}).json()[
            "total"
        ]
        == 0
    )
    last = max(c["changed_at"] for c in seen["cases"])
    assert client.get("/v1/cases", headers=portal, params={"changed_since": last}).json()["cases"] == []
    # A reviewer decides the routed one: it is what the portal sees changed next.
    client.post(f"/v1/review/tasks/{routed['case_id']}/claim", headers=reviewer)
    client.post(f"/v1/review/tasks/{routed['case_id']}/decision", headers=reviewer,
                json={"outcome": "reject", "comment": "未满十八周岁"})  # fmt: skip
    changed = client.get("/v1/cases", headers=portal, params={"changed_since": last}).json()["cases"]
    assert [(c["case_id"], c["status"]) for c in changed] == [(routed["case_id"], "rejected")]
