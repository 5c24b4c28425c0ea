"""好差评: the portal posts the applicant's rating of a decided case; the ratings show in the
statistics; poor ones wait for a supervisor, who closes each with what was done about it."""

from __future__ import annotations

import pytest

from approval.tokens import create_token
from tests.support import bearer, id_card_images, new_person, post_multipart, registration, sign_in


def decided_case(client, portal, seed: int, age: int = 40) -> dict:  # noqa: ANN001
    person = new_person(seed, age=age)
    response = post_multipart(client, "/v1/cases", portal, registration(person), id_card_images(person))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def supervisor(service) -> dict[str, str]:  # noqa: ANN001
    return bearer(create_token(service.sessions, "supervisor", "科长"))


def rate(client, headers, case_id: str, score: int, comment: str = ""):  # noqa: ANN001, ANN201
    body = {"score": score, "comment": comment}
    return client.post(f"/v1/cases/{case_id}/rating", headers=headers, json=body)


def test_a_portal_rates_its_decided_case_once(client, portal, other_portal_token, reviewer):
    case = decided_case(client, portal, 9101)
    assert case["status"] == "approved"
    first = rate(client, portal, case["case_id"], 5, "办理很快")
    assert first.status_code == 201
    assert first.json()["score"] == 5 and first.json()["poor"] is False
    assert rate(client, portal, case["case_id"], 5, "办理很快").status_code == 200  # a retry
    changed = rate(client, portal, case["case_id"], 1, "改主意了")
    assert changed.status_code == 409 and changed.json()["error"]["code"] == "already_rated"
    # Another portal learns nothing of the case; a reviewer does not rate.
    assert rate(client, bearer(other_portal_token), case["case_id"], 3).status_code == 404
    assert rate(client, reviewer, case["case_id"], 3).status_code == 403
    history = client.get(f"/v1/cases/{case['case_id']}", headers=portal).json()["history"]
    assert [e["data"] for e in history if e["type"] == "rated"] == [{"score": 5}]


def test_a_case_not_yet_decided_cannot_be_rated(client, portal):
    minor = decided_case(client, portal, 9102, age=17)
    assert minor["status"] == "routed"  # waiting for a reviewer: the service is not done
    refused = rate(client, portal, minor["case_id"], 4)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_finished"


@pytest.mark.parametrize("body", [{"score": 0}, {"score": 6}, {"score": "5"}, {"score": 3, "stars": 3},
                                  {"score": 3, "comment": "长" * 1001}])  # fmt: skip
def test_a_rating_outside_one_to_five_is_refused(client, portal, body):
    case = decided_case(client, portal, 9103)
    answer = client.post(f"/v1/cases/{case['case_id']}/rating", headers=portal, json=body)
    assert answer.status_code == 422 and "error" in answer.json()


def test_ratings_show_in_the_statistics(client, portal, reviewer):
    for seed, score in ((9104, 5), (9105, 4), (9106, 1)):
        assert rate(client, portal, decided_case(client, portal, seed)["case_id"], score).status_code == 201
    rows = client.get("/v1/statistics", headers=reviewer).json()["rows"]
    overall = next(r for r in rows if r["matter"] == "all")
    assert (overall["ratings"], overall["average_rating"], overall["poor_ratings"]) == (3, 3.33, 1)


def test_a_poor_rating_waits_for_a_supervisor_until_closed_with_a_note(client, portal, reviewer, supervisor):
    good, poor = decided_case(client, portal, 9107), decided_case(client, portal, 9108)
    rate(client, portal, good["case_id"], 4)
    rate(client, portal, poor["case_id"], 2, "窗口态度差")
    assert client.get("/v1/review/ratings", headers=reviewer).status_code == 403  # supervisors only
    waiting = client.get("/v1/review/ratings", headers=supervisor).json()
    assert waiting["total"] == 1
    [entry] = waiting["ratings"]
    assert entry["subject"] == {"type": "case", "id": poor["case_id"]} and entry["comment"] == "窗口态度差"

    url = f"/v1/review/ratings/{entry['rating_id']}/handled"
    assert client.post(url, headers=supervisor, json={"note": "  "}).status_code == 422
    closed = client.post(url, headers=supervisor, json={"note": "已约谈窗口人员并回访申请人"})
    assert closed.status_code == 200 and closed.json()["handled"]["note"] == "已约谈窗口人员并回访申请人"
    assert client.post(url, headers=supervisor, json={"note": "again"}).status_code == 409
    assert client.get("/v1/review/ratings", headers=supervisor).json()["total"] == 0
    assert client.get("/v1/review/ratings", headers=supervisor, params={"handled": True}).json()["total"] == 1
    history = client.get(f"/v1/cases/{poor['case_id']}", headers=reviewer).json()["history"]
    assert [e["type"] for e in history][-2:] == ["rated", "rating_handled"]


def test_a_supervisor_closes_a_poor_rating_on_its_page(client, service, portal):
    case = decided_case(client, portal, 9109)
    rate(client, portal, case["case_id"], 1, "<b>排队太久</b>")
    sign_in(client, service, "li", "李科员")  # a reviewer: no link to the poor ratings
    assert "/review/ratings" not in client.get("/review").text
    csrf = sign_in(client, service, "zhao", "赵科长", role="supervisor")
    html = client.get("/review/ratings").text
    assert "&lt;b&gt;排队太久" in html and "<b>排队太久" not in html  # the applicant's words, escaped
    rating_id = client.get("/v1/review/ratings", headers=bearer(create_token(service.sessions, "supervisor"))
                           ).json()["ratings"][0]["rating_id"]  # fmt: skip
    url = f"/review/ratings/{rating_id}/handled"
    assert client.post(url, data={"note": "已回访"}).status_code == 403  # no CSRF token: refused
    closed = client.post(url, data={"note": "已回访申请人", "csrf": csrf}, follow_redirects=False)
    assert closed.status_code == 303
    assert "排队太久" not in client.get("/review/ratings").text
    assert "差评整改" in client.get(f"/review/cases/{case['case_id']}").text  # in the case's history
