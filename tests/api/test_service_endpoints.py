"""Operators and rule authors: health, API docs, the matter catalogue and the dry run."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from approval.persistence.models import RegisterEntryRow
from tests.support import FOOD, IBR, SENIOR, id_card_images, new_person, registration, stored_case_ids

CONTRACT_MATTERS = {
    "individual-business-registration": (True, ["id_card_front", "id_card_back"]),
    "sole-proprietorship-registration": (True, ["id_card_front", "id_card_back"]),
    "individual-business-change": (True, ["id_card_front", "id_card_back", "business_licence"]),
    "senior-allowance": (True, ["id_card_front", "id_card_back"]),
    "food-business-licence": (False, ["id_card_front", "business_licence"]),
}


def test_healthz_is_200_once_started(client, service):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["ruleset"]["version"] == service.rulebook.version


def test_openapi_and_docs_are_served(client):
    spec = client.get("/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in ("/v1/cases", "/v1/cases/{case_id}", "/v1/review/tasks", "/v1/matters", "/v1/rules/dry-run"):
        assert path in paths
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]
    assert "openapi.json" in docs.text


def test_catalogue_lists_the_contracts_matters(client, portal):
    response = client.get("/v1/matters", headers=portal)
    assert response.status_code == 200
    matters = {m["code"]: m for m in response.json()["matters"]}
    assert set(CONTRACT_MATTERS) <= set(matters)
    for code, (instant, materials) in CONTRACT_MATTERS.items():
        assert matters[code]["instant_approval"] is instant, code
        assert list(matters[code]["materials"]) == materials, code
        assert matters[code]["title"]


def test_one_matter_has_materials_form_time_limits_and_rules(client, author):
    response = client.get(f"/v1/matters/{IBR}", headers=author)
    assert response.status_code == 200
    matter = response.json()
    assert matter["code"] == IBR and matter["title"] == "个体工商户设立登记"
    assert matter["materials"] == {"id_card_front": "cn_id_card_front", "id_card_back": "cn_id_card_back"}
    schema = matter["form_schema"]
    assert {"business_scope", "business_address", "region_code", "organization_form"} <= set(
        schema["properties"]
    )
    assert "business_name" not in schema.get("required", [])
    assert matter["time_limits"]["promised_working_days"] >= 1
    rule_ids = {r["id"] for r in matter["rules"]}
    assert {"applicant.adult", "id_card.not_expired", "scope.no_licensed_items"} <= rule_ids
    assert all(r["message"]["zh"] and r["on_fail"] in ("route", "return") for r in matter["rules"])


def test_unknown_matter_is_404(client, author):
    response = client.get("/v1/matters/dog-licence", headers=author)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_dry_run_gives_the_full_trace_and_stores_nothing(client, author, person, service, settings):
    response = client.post(
        "/v1/rules/dry-run",
        headers=author,
        data={"submission": json.dumps(registration(person), ensure_ascii=False)},
        files={p: (f"{p}.png", d, "image/png") for p, d in id_card_images(person).items()},
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "approved"
    assert answer["case_id"] is None
    assert "result" not in answer  # nothing registered
    rules = {t["rule"]: t for t in answer["trace"] if "rule" in t}
    matter_rules = {r.id for r in service.rulebook.matters[IBR].rules}
    assert set(rules) == matter_rules
    assert all(t["outcome"] == "passed" for t in rules.values())
    assert rules["applicant.adult"]["facts"]["applicant.age"]["value"] == 40
    facts = next(t for t in answer["trace"] if t.get("stage") == "facts")["facts"]
    assert facts["applicant.name_matches_id_card"]["value"] is True

    assert stored_case_ids(service) == []
    assert not [p for p in (settings.data_dir / "blobs").rglob("*") if p.is_file()]
    with service.sessions() as session:  # no register entry issued
        assert (
            session.scalars(select(RegisterEntryRow).where(RegisterEntryRow.case_id.is_not(None))).all() == []
        )


def test_dry_run_explains_a_failing_case(client, author):
    minor = new_person(17, age=17)
    body = registration(minor, business_scope=["日用百货销售", "烟草制品零售"])
    answer = client.post("/v1/rules/dry-run", headers=author, json=body).json()
    assert answer["status"] == "returned"  # no materials: returned, everything listed
    codes = {r["code"] for r in answer["reasons"]}
    assert {"material.missing", "applicant.adult", "scope.no_licensed_items"} <= codes
    rules = {t["rule"]: t["outcome"] for t in answer["trace"] if "rule" in t}
    assert rules["applicant.adult"] == "failed"
    assert rules["scope.no_licensed_items"] == "failed"
    assert rules["id_card.name_matches"] == "undetermined"


def test_dry_run_of_a_non_instant_matter_is_routed(client, author):
    person = new_person(18, age=50)
    body = {
        "matter": FOOD,
        "applicant": {"name": person.name, "id_number": person.id_number},
        "form": {
            "credit_code": "92320614MA1XXXXX0X",
            "business_address": "江苏省南通市海门区人民路1号",
            "food_categories": ["预包装食品销售"],
        },
    }
    docs = {"id_card_front": id_card_images(person)["id_card_front"]}
    answer = client.post(
        "/v1/rules/dry-run",
        headers=author,
        data={"submission": json.dumps(body)},
        files={p: (f"{p}.png", d, "image/png") for p, d in docs.items()},
    ).json()
    assert answer["status"] == "returned"
    assert [(r["code"], r["field"]) for r in answer["reasons"]][:2] == [
        ("matter.not_instant", None),
        ("material.missing", "business_licence"),
    ]


def test_dry_run_bad_input_is_4xx(client, author):
    response = client.post("/v1/rules/dry-run", headers=author, json={"matter": SENIOR})
    assert response.status_code == 422
    assert response.json()["error"]["errors"]


def test_dry_run_judges_as_of_a_given_date(client, author, person):
    """An author can try a case as if applied for on another day: a year before the applicant's
    18th birthday the registration is not approved; a bad date is a 4xx, not a 5xx."""
    body = json.dumps(registration(person), ensure_ascii=False)
    files = {p: (f"{p}.png", d, "image/png") for p, d in id_card_images(person).items()}
    born = dt.date.fromisoformat(
        f"{person.id_number[6:10]}-{person.id_number[10:12]}-{person.id_number[12:14]}"
    )
    as_of = born.replace(year=born.year + 17).isoformat()
    response = client.post(
        f"/v1/rules/dry-run?as_of={as_of}", headers=author, data={"submission": body}, files=files
    )
    assert response.status_code == 200
    answer = response.json()
    assert next(t["day"] for t in answer["trace"] if t.get("stage") == "evaluation") == as_of
    adult = next(t for t in answer["trace"] if t.get("rule") == "applicant.adult")
    assert adult["outcome"] == "failed"
    assert "未满18周岁" in next(r["message"] for r in answer["reasons"] if r["code"] == "applicant.adult")
    bad = client.post(
        "/v1/rules/dry-run?as_of=yesterday", headers=author, data={"submission": body}, files=files
    )
    assert bad.status_code == 422 and "error" in bad.json()
