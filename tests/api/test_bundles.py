"""开办企业一件事 (#15): one submission and one set of materials for a registration and the matters
that follow it; every part an ordinary case decided by its own rules, the registration first."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from approval.bundles import bundle_status
from approval.persistence.models import OutboxRow
from approval.use_cases import process_case, submit_bundle
from approval.webhooks import deliver_due
from approval.working_days import add_working_days
from tests.api.test_webhooks import Receiver
from tests.support import (
    IBR,
    authenticate_new,
    bearer,
    china_today,
    company,
    company_cards,
    id_card_documents,
    id_card_images,
    new_person,
    post_multipart,
    registration,
    stored_case,
    stored_case_ids,
)

PARTS = (
    "seal-engraving-filing",
    "tax-information-confirmation",
    "bank-account-appointment",
    "social-insurance-registration",
)


def part_forms(**changes: dict) -> dict:
    """The four parts, each passing its rules when the registration is approved today."""
    today = china_today()
    employee = new_person(7301, age=30)
    forms = {
        "seal-engraving-filing": {"seal_maker": "320614-YZ-001", "official_seal": True, "finance_seal": True},
        "tax-information-confirmation": {
            "taxpayer_type": "small_scale",
            "accounting_sound": False,
            "accountant_name": "王芳",
            "accountant_mobile": "13912345678",
            "invoice_types": ["ordinary"],
            "invoice_max_amount_cny": 10000,
        },
        "bank-account-appointment": {
            "bank": "icbc-320614",
            "appointment_date": add_working_days(today, 2).isoformat(),
        },
        "social-insurance-registration": {
            "employees": [{"name": employee.name, "id_number": employee.id_number}],
            "start_month": today.strftime("%Y-%m"),
        },
    }
    for code, form in changes.items():
        forms[code] = {**forms[code], **form}
    return {code: {"form": form} for code, form in forms.items()}


def bundle_of(case: dict, **part_changes: dict) -> dict:
    """A bundle beginning with the registration ``case`` (a submission as for POST /v1/cases)."""
    return {
        "bundle": "open-business",
        "applicant": case["applicant"],
        "declarations": case["declarations"],
        "registration": {"matter": case["matter"], "form": case["form"]},
        "parts": part_forms(**part_changes),
    }


def parts_by_name(view: dict) -> dict[str, dict]:
    return {p["part"]: p for p in view["parts"]}


def test_an_individual_business_bundle_decides_every_part_with_reasons(client, service, portal, person):
    body = bundle_of(registration(person))
    response = post_multipart(client, "/v1/bundles", portal, body, id_card_images(person))
    assert response.status_code == 201, response.text
    view = response.json()
    assert view["bundle"] == "open-business" and view["title"] == "开办企业一件事"
    assert view["status"] == "approved"
    parts = parts_by_name(view)
    assert list(parts) == ["registration", *PARTS]
    assert {p["status"] for p in parts.values()} == {"approved"}
    registered = parts["registration"]
    assert registered["matter"] == IBR and registered["result"]["credit_code"].startswith("92")
    # Each part is an ordinary case, decided after the registration and linked to its bundle.
    for code in PARTS:
        case = client.get(f"/v1/cases/{parts[code]['case_id']}", headers=portal).json()
        assert case["matter"] == code and case["status"] == "approved"
        assert case["submission"]["applicant"] == body["applicant"]
        assert case["submission"]["bundle"] == {
            "id": view["bundle_id"],
            "registration_case_id": registered["case_id"],
            "region_code": "320614",  # the registration's: the part is its jurisdiction's
        }
        assert case["decided_at"] >= registered["decided_at"]
        rules = {r["rule_id"]: r["outcome"] for r in case["decisions"][0]["trace"] if "rule_id" in r}
        assert rules["registration.approved"] == "passed"
    # The materials were given once: one blob per picture, named by the registration's documents.
    documents = client.get(f"/v1/cases/{registered['case_id']}", headers=portal).json()["documents"]
    blobs = sorted(
        p.name
        for p in Path(service.settings.data_dir).rglob("*")
        if p.is_file() and p.name in {d["sha256"] for d in documents}
    )
    assert len(documents) == 2 and len(blobs) == 2
    assert client.get(f"/v1/bundles/{view['bundle_id']}", headers=portal).json() == view


def test_a_company_bundle_gets_every_part_decided(client, portal):
    first, second = new_person(7311, age=45), new_person(7312, age=38)
    body = bundle_of(company([first, second]))
    response = post_multipart(client, "/v1/bundles", portal, body, company_cards([first, second]))
    assert response.status_code == 201, response.text
    view = response.json()
    assert view["status"] == "approved", view
    assert parts_by_name(view)["registration"]["result"]["credit_code"].startswith("91")
    assert len(view["parts"]) == 5


def test_an_ineligible_registration_approves_nothing_that_depends_on_it(client, portal):
    minor = new_person(7321, age=17)
    view = post_multipart(
        client, "/v1/bundles", portal, bundle_of(registration(minor)), id_card_images(minor)
    ).json()
    parts = parts_by_name(view)
    assert parts["registration"]["status"] == "routed"
    for code in PARTS:
        assert parts[code]["status"] == "routed", parts[code]
        assert "registration.approved.undetermined" in {r["code"] for r in parts[code]["reasons"]}
    assert view["status"] == "routed"

    outside = new_person(7322)
    body = bundle_of(
        registration(outside, region_code="320602", business_address="江苏省南通市崇川区人民路1号")
    )
    view = post_multipart(client, "/v1/bundles", portal, body, id_card_images(outside)).json()
    parts = parts_by_name(view)
    assert parts["registration"]["status"] == "returned"
    for code in PARTS:
        assert parts[code]["status"] == "returned"
        assert [r["code"] for r in parts[code]["reasons"]] == ["registration.approved"]
    assert view["status"] == "returned" and "approved" not in {p["status"] for p in view["parts"]}


def test_a_bad_part_is_returned_while_the_others_stand(client, portal, person):
    saturday = china_today()
    while saturday.weekday() != 5:
        saturday = saturday.fromordinal(saturday.toordinal() + 1)
    body = bundle_of(
        registration(person),
        **{
            "bank-account-appointment": {"appointment_date": saturday.isoformat()},
            "seal-engraving-filing": {"seal_maker": "320614-YZ-999"},
        },
    )
    view = post_multipart(client, "/v1/bundles", portal, body, id_card_images(person)).json()
    parts = parts_by_name(view)
    assert parts["bank-account-appointment"]["status"] == "returned"
    assert {r["code"] for r in parts["bank-account-appointment"]["reasons"]} >= {
        "bank.appointment_on_working_day"
    }
    assert [r["code"] for r in parts["seal-engraving-filing"]["reasons"]] == ["seal.maker_filed"]
    for code in ("registration", "tax-information-confirmation", "social-insurance-registration"):
        assert parts[code]["status"] == "approved", code
    assert parts["registration"]["result"]["credit_code"]
    assert view["status"] == "returned"


def test_a_bundle_may_ask_for_some_parts_only_and_json_alone_is_taken(client, portal, person):
    body = bundle_of(registration(person))
    body["parts"] = {"tax-information-confirmation": body["parts"]["tax-information-confirmation"]}
    view = client.post("/v1/bundles", headers=portal, json=body).json()
    # No ID card: the registration is returned for it, and the tax part after it.
    assert [p["part"] for p in view["parts"]] == ["registration", "tax-information-confirmation"]
    assert [p["status"] for p in view["parts"]] == ["returned", "returned"]


def test_a_retry_with_the_same_key_is_the_same_bundle(client, service, portal, person):
    body, images = bundle_of(registration(person)), id_card_images(person)
    key = {**portal, "Idempotency-Key": "bundle-1"}
    first = post_multipart(client, "/v1/bundles", key, body, images)
    cases = len(stored_case_ids(service))
    again = post_multipart(client, "/v1/bundles", key, body, images)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(stored_case_ids(service)) == cases == 5
    body["parts"]["seal-engraving-filing"]["form"]["invoice_seal"] = True
    assert post_multipart(client, "/v1/bundles", key, body, images).status_code == 409


def test_another_portal_cannot_see_a_bundle_but_reviewers_can(
    client, portal, other_portal_token, reviewer, author, person
):
    view = post_multipart(
        client, "/v1/bundles", portal, bundle_of(registration(person)), id_card_images(person)
    ).json()
    url = f"/v1/bundles/{view['bundle_id']}"
    assert client.get(url, headers=bearer(other_portal_token)).status_code == 404
    assert client.get("/v1/bundles/no-such-bundle", headers=portal).status_code == 404
    assert client.get(url, headers=reviewer).json()["status"] == "approved"
    assert client.get(url, headers=author).status_code == 403
    assert client.post("/v1/bundles", headers=reviewer, json={}).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bundle": "open-restaurant"}, "bundle"),
        ({"registration": {"matter": "senior-allowance", "form": {}}}, "registration.matter"),
        ({"parts": {"food-business-licence": {"form": {}}}}, "parts.food-business-licence"),
        ({"applicant": {"name": "张伟"}}, "applicant.id_number"),
        (
            {"parts": {"bank-account-appointment": {"form": ["icbc-320614"]}}},
            "parts.bank-account-appointment.form",
        ),
    ],
)
def test_a_bundle_that_cannot_be_taken_is_refused_naming_the_fault(client, portal, person, change, field):
    body = {**bundle_of(registration(person)), **change}
    response = client.post("/v1/bundles", headers=portal, json=body)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["error"]["errors"]}


def test_a_material_no_part_takes_is_refused(client, portal, person):
    images = {**id_card_images(person), "business_licence": id_card_images(person)["id_card_front"]}
    response = post_multipart(client, "/v1/bundles", portal, bundle_of(registration(person)), images)
    assert response.status_code == 422
    assert response.json()["error"]["errors"][0]["loc"] == ["files", "business_licence"]


def test_a_part_is_decided_only_after_its_registration(service, person):
    """A part's job that runs first (the queue's sweep) decides nothing; the registration's decision
    queues the parts in the transaction that records it."""
    queued: list[str] = []

    class HeldQueue:  # stores jobs, runs none
        in_process = True

        def enqueue(self, session, case_id):  # noqa: ANN001, ANN202
            queued.append(case_id)

        def committed(self, case_id):  # noqa: ANN001, ANN202
            pass

        def wait(self, case_id, timeout, is_decided):  # noqa: ANN001, ANN202
            return is_decided()

        def close(self):  # noqa: ANN202
            pass

    service.queue = HeldQueue()
    service.settings.answer_within_seconds = 0.2
    principal = authenticate_new(service, "portal")
    view, created = submit_bundle(
        service, principal, bundle_of(registration(person)), id_card_documents(person)
    )
    assert created and view["status"] == "processing"
    registration_id, *part_ids = [p["case_id"] for p in view["parts"]]
    assert queued == [registration_id]
    process_case(service, part_ids[0])
    assert stored_case(service, part_ids[0]).status == "received"
    process_case(service, registration_id)
    assert stored_case(service, registration_id).status == "approved"
    assert queued == [registration_id, *part_ids]
    for case_id in part_ids:
        process_case(service, case_id)
        assert stored_case(service, case_id).status == "approved"


def test_webhooks_carry_the_bundle_id_and_the_bundle_s_own_change(client, service, portal, person):
    receiver = Receiver(fail_first=0)
    try:
        receiver.secret = client.put("/v1/webhook", headers=portal, json={"url": receiver.url}).json()[
            "secret"
        ]
        view = post_multipart(
            client, "/v1/bundles", portal, bundle_of(registration(person)), id_card_images(person)
        ).json()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and deliver_due(service) or len(receiver.events) < 6:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
    finally:
        receiver.server.shutdown()
    events = list(receiver.events.values())
    cases = [e for e in events if e["type"] == "case.status_changed"]
    assert sorted(e["case_id"] for e in cases) == sorted(p["case_id"] for p in view["parts"])
    assert {e["bundle_id"] for e in cases} == {view["bundle_id"]}
    [bundle] = [e for e in events if e["type"] == "bundle.status_changed"]
    assert bundle["bundle_id"] == view["bundle_id"] and bundle["status"] == "approved"
    assert {p["status"] for p in bundle["parts"]} == {"approved"} and len(bundle["parts"]) == 5
    with service.sessions() as session:
        rows = session.scalars(select(OutboxRow)).all()
    assert all(r.delivered_at is not None for r in rows) and len(rows) == 6


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["approved"] * 5, "approved"),
        (["approved", "received", "processing"], "processing"),
        (["approved", "routed", "returned", "approved"], "returned"),
        (["approved", "routed", "rejected"], "routed"),
        (["approved", "rejected"], "rejected"),
        (["revoked", "approved"], "revoked"),
    ],
)
def test_a_bundle_is_approved_only_when_every_part_is(statuses, expected):
    assert bundle_status(statuses) == expected


def test_a_bundle_belongs_with_all_its_parts_to_its_registration_s_jurisdiction(client, service, portal):
    from approval.tokens import create_token

    person = new_person(7390)
    longhu = registration(person, region_code="440507", business_address="广东省汕头市龙湖区长平路8号")
    body = bundle_of(longhu, **{"seal-engraving-filing": {"seal_maker": "440507-YZ-001"},
                                "bank-account-appointment": {"bank": "icbc-440507"}})  # fmt: skip
    view = post_multipart(client, "/v1/bundles", portal, body, id_card_images(person)).json()
    assert view["status"] == "approved", view
    assert parts_by_name(view)["registration"]["result"]["credit_code"][2:8] == "440507"
    # Every part is in Longhu's cases, none in Haimen's.
    for where, visible in (("440507", True), ("320614", False)):
        headers = bearer(create_token(service.sessions, "reviewer", where, jurisdiction=where))
        for part in view["parts"]:
            seen = client.get(f"/v1/cases/{part['case_id']}", headers=headers).status_code
            assert seen == (200 if visible else 404), (where, part["part"])


@pytest.mark.parametrize(("outcome", "parts_become"), [("approve", "approved"), ("reject", "returned")])
def test_a_reviewer_s_decision_of_the_registration_decides_the_parts_waiting_for_it(
    client, portal, reviewer, outcome, parts_become
):
    minor = new_person(7391, age=17)
    body = bundle_of(registration(minor))
    view = post_multipart(client, "/v1/bundles", portal, body, id_card_images(minor)).json()
    registration_id = parts_by_name(view)["registration"]["case_id"]
    assert {p["status"] for p in view["parts"]} == {"routed"}  # all waiting on the reviewer
    client.post(f"/v1/review/tasks/{registration_id}/claim", headers=reviewer)
    decided = client.post(f"/v1/review/tasks/{registration_id}/decision", headers=reviewer,
                          json={"outcome": outcome, "comment": "经核实"})  # fmt: skip
    assert decided.status_code == 200, decided.text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        view = client.get(f"/v1/bundles/{view['bundle_id']}", headers=portal).json()
        parts = parts_by_name(view)
        if all(parts[code]["status"] == parts_become for code in PARTS):
            break
        time.sleep(0.1)
    assert {code: parts[code]["status"] for code in PARTS} == dict.fromkeys(PARTS, parts_become)
    history = client.get(f"/v1/cases/{parts[PARTS[0]]['case_id']}", headers=reviewer).json()["history"]
    assert "reopened" in [e["type"] for e in history]  # one case, one history: decided again


def test_a_decided_bundle_is_rated_as_one_service(client, portal, service, person):
    view = post_multipart(client, "/v1/bundles", portal, bundle_of(registration(person)),
                          id_card_images(person)).json()  # fmt: skip
    assert view["status"] == "approved"
    url = f"/v1/bundles/{view['bundle_id']}/rating"
    rated = client.post(url, headers=portal, json={"score": 2, "comment": "要跑好几个窗口"})
    assert rated.status_code == 201
    assert rated.json()["subject"] == {"type": "bundle", "id": view["bundle_id"]}
    assert client.post(url, headers=portal, json={"score": 5}).status_code == 409  # rated already
    from approval.tokens import create_token

    supervisor = bearer(create_token(service.sessions, "supervisor"))
    poor = client.get("/v1/review/ratings", headers=supervisor).json()
    assert [r["subject"]["id"] for r in poor["ratings"]] == [view["bundle_id"]]
