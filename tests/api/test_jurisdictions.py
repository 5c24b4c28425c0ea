"""One deployment, two jurisdictions (海门区 320614 and 汕头市龙湖区 440507): the same
submissions are decided in each by its own places and authority, and each jurisdiction's
reviewers see and work only its own cases."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from approval.tokens import create_token
from tests.support import bearer, id_card_images, new_person, post_multipart, registration

HAIMEN, LONGHU = "320614", "440507"
PLACES = {
    HAIMEN: {"region_code": HAIMEN, "business_address": "江苏省南通市海门区长江路88号",
             "business_name": "海门区福顺百货店", "authority": "南通市海门区市场监督管理局"},
    LONGHU: {"region_code": LONGHU, "business_address": "广东省汕头市龙湖区长平路88号",
             "business_name": "龙湖区福顺百货店", "authority": "汕头市龙湖区市场监督管理局"},
}  # fmt: skip


def submit(client, portal, seed: int, where: str, age: int = 40) -> dict:  # noqa: ANN001
    place = PLACES[where]
    person = new_person(seed, age=age)
    body = registration(person, region_code=place["region_code"], business_address=place["business_address"],
                        business_name=place["business_name"])  # fmt: skip
    response = post_multipart(client, "/v1/cases", portal, body, id_card_images(person))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def reviewers(service) -> dict[str, dict[str, str]]:  # noqa: ANN001
    return {where: bearer(create_token(service.sessions, "reviewer", f"{where} reviewer", jurisdiction=where))
            for where in PLACES}  # fmt: skip


@pytest.mark.parametrize("where", [HAIMEN, LONGHU])
def test_the_same_registration_is_approved_in_each_jurisdiction_by_its_own_authority(client, portal, where):
    case = submit(client, portal, 9301, where)
    assert case["status"] == "approved", case["reasons"]
    code = case["result"]["credit_code"]
    assert code[2:8] == where  # the region part of the new credit code
    licence = urlsplit(case["result"]["licence"])
    page = client.get(f"{licence.path}?{licence.query}").text
    assert PLACES[where]["authority"] in page


def test_an_address_in_the_other_jurisdiction_is_not_in_this_one(client, portal):
    person = new_person(9302)
    body = registration(person, region_code=HAIMEN, business_address=PLACES[LONGHU]["business_address"])
    case = post_multipart(client, "/v1/cases", portal, body, id_card_images(person)).json()
    assert case["status"] == "returned"
    assert [r["code"] for r in case["reasons"]] == ["location.address_in_jurisdiction"]


def test_each_jurisdiction_s_reviewers_work_only_its_cases(client, portal, reviewers, reviewer):
    haimen = submit(client, portal, 9303, HAIMEN, age=17)  # minors: routed to a reviewer
    longhu = submit(client, portal, 9304, LONGHU, age=17)
    assert haimen["status"] == longhu["status"] == "routed"
    for where, mine, theirs in ((HAIMEN, haimen, longhu), (LONGHU, longhu, haimen)):
        headers = reviewers[where]
        listed = client.get("/v1/review/tasks", headers=headers).json()
        assert [t["case_id"] for t in listed["tasks"]] == [mine["case_id"]] and listed["total"] == 1
        # Another jurisdiction's case does not exist for them.
        assert client.get(f"/v1/cases/{theirs['case_id']}", headers=headers).status_code == 404
        assert client.post(f"/v1/review/tasks/{theirs['case_id']}/claim", headers=headers).status_code == 404
        assert client.get(f"/v1/cases/{mine['case_id']}", headers=headers).status_code == 200
    # The next task a Longhu reviewer takes is Longhu's, though Haimen's is as urgent.
    taken = client.get("/v1/review/next", headers=reviewers[LONGHU])
    assert taken.status_code == 200 and taken.json()["case_id"] == longhu["case_id"]
    # A reviewer bound to no jurisdiction (a provincial one) sees both.
    assert client.get("/v1/review/tasks", headers=reviewer).json()["total"] == 2


def test_a_person_s_jurisdiction_must_be_one_the_deployment_serves(capsys):
    from approval.cli import main

    assert main(["tokens", "create", "--role", "reviewer", "--jurisdiction", "999999"]) == 2
    assert "unknown jurisdiction 999999; one of 320614, 440507" in capsys.readouterr().err


def test_statistics_are_of_the_reviewer_s_jurisdiction(client, portal, reviewers, reviewer):
    submit(client, portal, 9305, HAIMEN)
    submit(client, portal, 9306, LONGHU)
    submit(client, portal, 9307, LONGHU)

    def submitted(headers: dict[str, str]) -> int:
        rows = client.get("/v1/statistics", headers=headers).json()["rows"]
        return next(r["submitted"] for r in rows if r["matter"] == "all")

    assert (submitted(reviewers[HAIMEN]), submitted(reviewers[LONGHU]), submitted(reviewer)) == (1, 2, 3)
