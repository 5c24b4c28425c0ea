"""Reviewers: the queue of routed cases (filtered, soonest deadline first), claiming (exactly
one reviewer wins) and deciding (an approved registration is registered at once)."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest
from stdnum.cn import uscc

from approval.errors import ClaimConflict
from approval.tokens import authenticate, create_token
from approval.use_cases import claim_task, next_task
from approval.working_days import CHINA, add_working_days, china_today
from tests.support import (
    FOOD,
    IBR,
    PASSWORD,
    bearer,
    csrf_of,
    food_documents,
    food_licence,
    id_card_images,
    new_business,
    new_person,
    post_multipart,
    registration,
    sign_in,
    stored_case,
)


def post_case(client, portal, body, documents):
    response = post_multipart(client, "/v1/cases", portal, body, documents)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def minor_case(client, portal):
    """A 17-year-old's registration: routed (applicant.adult), due in 1 working day."""
    minor = new_person(1717, age=17, name="刘洋")
    case = post_case(client, portal, registration(minor), id_card_images(minor))
    assert case["status"] == "routed"
    assert [r["code"] for r in case["reasons"]] == ["applicant.adult"]
    return case


@pytest.fixture
def food_case(client, portal):
    """A food licence: never instant, routed, due in 5 working days."""
    owner = new_person(5050, age=45)
    business = new_business(5051, owner)
    case = post_case(
        client, portal, food_licence(owner, business.credit_code), food_documents(owner, business)
    )
    assert case["status"] == "routed"
    assert case["reasons"][0]["code"] == "matter.not_instant"
    return case


def tasks(client, reviewer, **params):
    response = client.get("/v1/review/tasks", headers=reviewer, params=params)
    assert response.status_code == 200
    return response.json()["tasks"]


def test_queue_lists_routed_cases_soonest_due_first(client, portal, reviewer, person, food_case, minor_case):
    approved = post_case(client, portal, registration(person), id_card_images(person))
    assert approved["status"] == "approved"
    listed = tasks(client, reviewer)
    assert [t["case_id"] for t in listed] == [minor_case["case_id"], food_case["case_id"]]
    assert [t["due_by"] for t in listed] == sorted(t["due_by"] for t in listed)
    first = listed[0]
    assert first["status"] == "open" and first["matter"] == IBR
    assert first["reason_codes"] == ["applicant.adult"]
    assert first["applicant"]["name"] == "刘*"  # the queue shows no unmasked personal data
    assert "*" in first["applicant"]["id_number"]


def test_due_time_is_five_pm_china_time_after_the_promised_working_day(client, reviewer, minor_case):
    received = datetime.fromisoformat(minor_case["received_at"])
    expected = datetime.combine(add_working_days(china_today(received), 1), time(17, 0), tzinfo=CHINA)
    assert datetime.fromisoformat(minor_case["due_by"]) == expected
    listed = tasks(client, reviewer)
    assert datetime.fromisoformat(listed[0]["due_by"]) == expected


def test_queue_filters(client, reviewer, food_case, minor_case):
    assert [t["case_id"] for t in tasks(client, reviewer, matter=FOOD)] == [food_case["case_id"]]
    assert [t["case_id"] for t in tasks(client, reviewer, reason="applicant.adult")] == [
        minor_case["case_id"]
    ]
    assert tasks(client, reviewer, reason="applicant") == []  # whole codes only
    assert {t["case_id"] for t in tasks(client, reviewer, reason="matter.not_instant")} == {
        food_case["case_id"]
    }
    due_first = minor_case["due_by"]
    assert [t["case_id"] for t in tasks(client, reviewer, due_before=due_first)] == [minor_case["case_id"]]


def test_due_before_filter_understands_china_time(client, reviewer, minor_case):
    due = datetime.fromisoformat(minor_case["due_by"]).astimezone(CHINA)
    just_before = (due - timedelta(minutes=1)).isoformat()
    assert tasks(client, reviewer, due_before=just_before) == []
    assert [t["case_id"] for t in tasks(client, reviewer, due_before=due.isoformat())] == [
        minor_case["case_id"]
    ]


def test_queue_filter_by_claim_status(client, reviewer, food_case, minor_case):
    client.post(f"/v1/review/tasks/{food_case['case_id']}/claim", headers=reviewer)
    assert [t["case_id"] for t in tasks(client, reviewer, status="open")] == [minor_case["case_id"]]
    claimed = tasks(client, reviewer, status="claimed")
    assert [t["case_id"] for t in claimed] == [food_case["case_id"]]
    assert claimed[0]["status"] == "claimed"


def test_bad_filter_is_422(client, reviewer):
    response = client.get("/v1/review/tasks", headers=reviewer, params={"status": "lost"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_claim_then_a_second_reviewer_gets_409(client, reviewer, second_reviewer_token, minor_case):
    case_id = minor_case["case_id"]
    won = client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    assert won.status_code == 200
    assert won.json()["claimed_by"]
    lost = client.post(f"/v1/review/tasks/{case_id}/claim", headers=bearer(second_reviewer_token))
    assert lost.status_code == 409
    assert lost.json()["error"]["code"] == "conflict"
    assert client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer).status_code == 200  # still mine
    history = client.get(f"/v1/cases/{case_id}", headers=reviewer).json()["history"]
    assert [e["type"] for e in history].count("claimed") >= 1


def test_concurrent_claims_exactly_one_wins(service, minor_case):
    from approval.tokens import create_token

    # 50 at once on PostgreSQL (the production database); SQLite serialises writers anyway.
    count = 50 if service.engine.dialect.name == "postgresql" else 6
    tokens = [create_token(service.sessions, "reviewer") for _ in range(count)]
    reviewers = [authenticate(service.sessions, token) for token in tokens]
    barrier = threading.Barrier(len(reviewers))
    outcomes: list[str] = []

    def claim(principal):
        barrier.wait()
        try:
            claim_task(service, principal, minor_case["case_id"])
            outcomes.append(principal.token_id)
        except ClaimConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=claim, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    winners = [o for o in outcomes if o != "conflict"]
    assert len(outcomes) == len(reviewers)
    assert len(winners) == 1
    assert stored_case(service, minor_case["case_id"]).claimed_by == winners[0]


def test_claiming_an_unknown_or_undecidable_case(client, portal, reviewer, person):
    assert client.post("/v1/review/tasks/no-such-case/claim", headers=reviewer).status_code == 404
    approved = post_case(client, portal, registration(person), id_card_images(person))
    assert client.post(f"/v1/review/tasks/{approved['case_id']}/claim", headers=reviewer).status_code == 409


def test_approving_a_routed_registration_registers_it(client, reviewer, minor_case):
    case_id = minor_case["case_id"]
    assert client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer).status_code == 200
    response = client.post(
        f"/v1/review/tasks/{case_id}/decision",
        headers=reviewer,
        json={"outcome": "approve", "comment": "已核验劳动收入证明"},
    )
    assert response.status_code == 200
    case = response.json()
    assert case["status"] == "approved"
    code = case["result"]["credit_code"]
    assert uscc.is_valid(code) and code.startswith("92320614")
    licence = client.get(case["result"]["licence"])
    assert licence.status_code == 200 and code in licence.text and "刘洋" in licence.text
    last = case["decisions"][-1]
    assert last["decided_by"].startswith("reviewer:") and last["comment"] == "已核验劳动收入证明"
    assert [e["type"] for e in case["history"]][-2:] == ["claimed", "approved"]
    assert tasks(client, reviewer) == []  # left the queue
    assert [t["case_id"] for t in tasks(client, reviewer, status="approved")] == [case_id]


def test_approved_by_engine_and_by_reviewer_get_different_codes(client, portal, reviewer, person, minor_case):
    engine = post_case(client, portal, registration(person), id_card_images(person))
    client.post(f"/v1/review/tasks/{minor_case['case_id']}/claim", headers=reviewer)
    human = client.post(
        f"/v1/review/tasks/{minor_case['case_id']}/decision", headers=reviewer, json={"outcome": "approve"}
    ).json()
    assert engine["result"]["credit_code"] != human["result"]["credit_code"]


@pytest.mark.parametrize(("outcome", "status"), [("reject", "rejected"), ("return", "returned")])
def test_reject_or_return_registers_nothing(client, reviewer, food_case, outcome, status):
    case_id = food_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    response = client.post(
        f"/v1/review/tasks/{case_id}/decision", headers=reviewer, json={"outcome": outcome, "comment": "x"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == status
    assert "result" not in response.json()


def test_approving_a_non_registration_gives_no_credit_code(client, reviewer, food_case):
    case_id = food_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    case = client.post(
        f"/v1/review/tasks/{case_id}/decision", headers=reviewer, json={"outcome": "approve"}
    ).json()
    assert case["status"] == "approved"
    assert "result" not in case


def test_decision_needs_the_claim(client, reviewer, second_reviewer_token, minor_case):
    case_id = minor_case["case_id"]
    reject = {"outcome": "reject", "comment": "未成年"}
    unclaimed = client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer, json=reject)
    assert unclaimed.status_code == 409
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    other = client.post(
        f"/v1/review/tasks/{case_id}/decision",
        headers=bearer(second_reviewer_token),
        json={"outcome": "approve"},
    )
    assert other.status_code == 409
    assert client.get(f"/v1/cases/{case_id}", headers=reviewer).json()["status"] == "routed"


def test_a_decided_case_cannot_be_decided_again(client, reviewer, minor_case):
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    reject = {"outcome": "reject", "comment": "经营者未满十八周岁"}
    first = client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer, json=reject)
    assert first.status_code == 200
    again = client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer, json={"outcome": "approve"})
    assert again.status_code == 409
    case = client.get(f"/v1/cases/{case_id}", headers=reviewer).json()
    assert case["status"] == "rejected" and "result" not in case


@pytest.mark.parametrize("body", [{"outcome": "maybe"}, {}, {"outcome": "approve", "comment": "x" * 5000}])
def test_invalid_decision_body_is_422(client, reviewer, minor_case, body):
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    response = client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer, json=body)
    assert response.status_code == 422
    assert response.json()["error"]["errors"]


def test_deciding_an_unknown_case_is_404(client, reviewer):
    response = client.post("/v1/review/tasks/nope/decision", headers=reviewer, json={"outcome": "approve"})
    assert response.status_code == 404


def test_reviewer_pages_serve_the_queue(client, service, minor_case):
    sign_in(client, service)
    page = client.get("/review")
    assert page.status_code == 200
    assert minor_case["case_id"][:8] in page.text and "applicant.adult" in page.text
    case_page = client.get(f"/review/cases/{minor_case['case_id']}")
    assert case_page.status_code == 200 and "认领" in case_page.text


# -- task-list semantics (#13) -------------------------------------------------------------------
def routed_minor(client, portal, seed: int) -> str:  # noqa: ANN001
    minor = new_person(seed, age=17)
    case = post_case(client, portal, registration(minor), id_card_images(minor))
    assert case["status"] == "routed"
    return case["case_id"]


@pytest.mark.parametrize("outcome", ["reject", "return"])
def test_reject_and_return_need_a_comment(client, reviewer, minor_case, outcome):
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    blank = client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer,
                        json={"outcome": outcome, "comment": "  "})  # fmt: skip
    assert blank.status_code == 422 and blank.json()["error"]["code"] == "comment_required"
    assert client.get(f"/v1/cases/{case_id}", headers=reviewer).json()["status"] == "routed"


def test_a_return_tells_the_applicant_what_to_fix_in_reasons(client, reviewer, portal, minor_case):
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    comment = "请上传法定代理人同意书"
    done = client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer,
                       json={"outcome": "return", "comment": comment})  # fmt: skip
    assert done.status_code == 200
    seen = client.get(f"/v1/cases/{case_id}", headers=portal).json()
    assert seen["status"] == "returned"
    first = seen["reasons"][0]
    assert first["code"] == "review.returned" and comment in first["message"] and first["action"] == "return"
    assert all(r["action"] == "return" for r in seen["reasons"])
    assert seen["decisions"][-1]["comment"] == comment
    task = client.get("/v1/review/tasks", headers=reviewer, params={"status": "returned"}).json()["tasks"][0]
    assert task["status"] == "returned"  # the task reads as the case stands, not "claimed"


def test_claiming_again_as_the_holder_writes_no_second_history_entry(client, reviewer, minor_case):
    case_id = minor_case["case_id"]
    for _ in range(2):
        assert client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer).status_code == 200
    history = client.get(f"/v1/cases/{case_id}", headers=reviewer).json()["history"]
    assert [e["type"] for e in history].count("claimed") == 1


def test_the_holder_releases_a_task_and_another_reviewer_may_not(client, reviewer, second_reviewer_token,
                                                                 minor_case):  # fmt: skip
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    other = client.post(f"/v1/review/tasks/{case_id}/release", headers=bearer(second_reviewer_token))
    assert other.status_code == 409
    mine = client.post(f"/v1/review/tasks/{case_id}/release", headers=reviewer)
    assert mine.status_code == 200 and "claimed_by" not in mine.json()
    assert [e["type"] for e in mine.json()["history"]][-1] == "released"
    again = client.post(f"/v1/review/tasks/{case_id}/claim", headers=bearer(second_reviewer_token))
    assert again.status_code == 200


def test_a_supervisor_releases_anyone_s_task(client, service, reviewer, minor_case):
    supervisor = bearer(create_token(service.sessions, "supervisor", "科长"))
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    assert client.post(f"/v1/review/tasks/{case_id}/release", headers=supervisor).status_code == 200


def test_next_claims_the_most_urgent_open_task(client, portal, reviewer, second_reviewer_token):
    ids = [routed_minor(client, portal, 700 + i) for i in range(3)]
    first = client.get("/v1/review/next", headers=reviewer).json()
    second = client.get("/v1/review/next", headers=bearer(second_reviewer_token)).json()
    assert first["case_id"] != second["case_id"] and {first["case_id"], second["case_id"]} <= set(ids)
    assert first["claimed_by"] and second["claimed_by"] and first["claimed_by"] != second["claimed_by"]
    tasks = client.get("/v1/review/tasks", headers=reviewer, params={"status": "open"}).json()
    assert tasks["total"] == 1


def test_the_queue_pages_with_a_total_and_searches_by_case_id(client, portal, reviewer):
    ids = [routed_minor(client, portal, 720 + i) for i in range(3)]
    page = client.get("/v1/review/tasks", headers=reviewer, params={"limit": 2}).json()
    assert page["total"] == 3 and len(page["tasks"]) == 2 and page["limit"] == 2
    rest = client.get("/v1/review/tasks", headers=reviewer, params={"limit": 2, "offset": 2}).json()
    assert len(rest["tasks"]) == 1
    found = client.get("/v1/review/tasks", headers=reviewer, params={"q": ids[1][:8]}).json()
    assert [t["case_id"] for t in found["tasks"]] == [ids[1]]


def test_queue_lines_carry_working_days_left_and_a_warning_level(client, portal, reviewer):
    routed_minor(client, portal, 730)
    [task] = client.get("/v1/review/tasks", headers=reviewer).json()["tasks"]
    assert task["warning"] == "green" and task["working_days_left"] >= 1
    assert task["due_by_china"].endswith("+08:00") and "T17:00:00" in task["due_by_china"]
    assert client.get("/v1/review/tasks", headers=reviewer, params={"warning": "red"}).json()["total"] == 0


def test_reviewers_asking_for_the_next_task_at_once_get_different_ones(client, service, portal):
    ids = {routed_minor(client, portal, 740 + i) for i in range(6)}
    tokens = [create_token(service.sessions, "reviewer") for _ in range(6)]
    principals = [authenticate(service.sessions, token) for token in tokens]
    got: list[str] = []
    barrier = threading.Barrier(len(principals))

    def take(principal):  # noqa: ANN001, ANN202
        barrier.wait()
        got.append(next_task(service, principal)["case_id"])

    threads = [threading.Thread(target=take, args=(p,)) for p in principals]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == sorted(ids)  # each task once, every reviewer one


# -- the reviewer's case page (#13) --------------------------------------------------------------
def test_the_case_page_sets_the_form_beside_the_card_and_shows_the_documents(client, service, minor_case):
    sign_in(client, service)
    html = client.get(f"/review/cases/{minor_case['case_id']}").text
    assert "申请人填写" in html and "刘洋" in html  # the typed name, beside the card's
    assert f"/v1/cases/{minor_case['case_id']}/documents/id_card_front" in html
    assert "applicant.adult" in html and "failed" in html  # the rule trace with its outcome
    assert "<button>提交</button>" not in html  # no decision form before the task is claimed


def test_only_the_holder_sees_the_decision_form(client, service, minor_case):
    case_id = minor_case["case_id"]
    csrf = sign_in(client, service)
    client.post(f"/review/cases/{case_id}/claim", data={"csrf": csrf})
    assert "<button>提交</button>" in client.get(f"/review/cases/{case_id}").text
    sign_in(client, service, "li", "李科员")
    other = client.get(f"/review/cases/{case_id}").text
    assert "<button>提交</button>" not in other and "其他审核人员" in other


def test_a_return_without_a_comment_shows_the_form_again_with_what_was_typed(client, service, minor_case):
    case_id = minor_case["case_id"]
    csrf = sign_in(client, service)
    client.post(f"/review/cases/{case_id}/claim", data={"csrf": csrf})
    # Two spaces are nothing to the applicant: refused, and what was typed stays in the field.
    again = client.post(
        f"/review/cases/{case_id}/decision", data={"outcome": "return", "comment": "  ", "csrf": csrf}
    )
    assert "comment is required" in again.text and "value='  '" in again.text


def test_the_case_page_outlines_each_field_read_on_its_document(client, service, minor_case):
    case_id = minor_case["case_id"]
    sign_in(client, service)
    read = client.get(f"/v1/cases/{case_id}", headers=bearer(create_token(service.sessions, "reviewer")))
    number = read.json()["extracted"]["id_card_front"]["id_number"]
    [outline] = number["where"]  # stored with the case: where on the upload the number is printed
    assert len(outline) == 4 and all(0 <= x <= 1 and 0 <= y <= 1 for x, y in outline)
    html = client.get(f"/review/cases/{case_id}").text
    assert html.count("<polygon") >= len(minor_case["extracted"]["id_card_front"])
    assert f"公民身份号码 {number['confidence']:.2f}" in html  # each outline tagged with its confidence


def test_a_reviewer_may_choose_english_for_every_page(client, service, minor_case):
    sign_in(client, service)
    case_url = f"/review/cases/{minor_case['case_id']}"
    assert "<h2>规则</h2>" in client.get(case_url).text  # Chinese first
    chosen = client.get("/review/language/en", headers={"referer": f"http://testserver{case_url}"},
                        follow_redirects=False)  # fmt: skip
    assert chosen.status_code == 303 and chosen.headers["location"] == case_url  # back where they were
    page = client.get(case_url).text
    assert "<html lang=en>" in page and "<h2>Rules</h2>" in page and "<h2>规则</h2>" not in page
    assert "Review queue" in client.get("/review").text
    assert "Statistics" in client.get("/review/statistics").text
    # A link from elsewhere is not followed back there.
    elsewhere = client.get("/review/language/zh", headers={"referer": "https://evil.example/review"},
                           follow_redirects=False)  # fmt: skip
    assert elsewhere.headers["location"] == "/review"
    assert "<h2>规则</h2>" in client.get(case_url).text


def test_the_pages_escape_what_applicants_type(client, service, portal):
    minor = new_person(750, age=17)
    body = registration(minor)
    body["form"]["business_address"] = "江苏省南通市海门区<script>alert(1)</script>路1号"
    case = post_case(client, portal, body, id_card_images(minor))
    sign_in(client, service)
    for url in ("/review", f"/review/cases/{case['case_id']}"):
        html = client.get(url).text
        assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in client.get(f"/review/cases/{case['case_id']}").text


# -- statistics (#13) ----------------------------------------------------------------------------
def test_statistics_count_instant_approvals_and_reasons_per_matter(client, service, portal, reviewer):
    adult, minor = new_person(961), new_person(962, age=17)
    post_case(client, portal, registration(adult), id_card_images(adult))
    case = post_case(client, portal, registration(minor), id_card_images(minor))
    client.post(f"/v1/review/tasks/{case['case_id']}/claim", headers=reviewer)
    client.post(f"/v1/review/tasks/{case['case_id']}/decision", headers=reviewer,
                json={"outcome": "reject", "comment": "未满十八周岁"})  # fmt: skip
    rows = client.get("/v1/statistics", headers=reviewer).json()["rows"]
    [ibr] = [r for r in rows if r["matter"] == IBR and r["week"] == "all"]
    assert (ibr["submitted"], ibr["decided"]) == (2, 2)
    assert ibr["instant_approval_rate"] == 0.5 and ibr["on_time_rate"] == 1.0
    assert ibr["top_routing_reasons"] == [["applicant.adult", 1]]
    sign_in(client, service)
    html = client.get("/review/statistics").text
    assert "秒批率" in html and "50%" in html
    assert client.get("/v1/statistics", headers=portal).status_code == 403


def test_a_supervisor_assigns_a_task_and_sees_everyone_s_load(client, service, reviewer, reviewer_token,
                                                              second_reviewer_token, minor_case):  # fmt: skip
    supervisor = bearer(create_token(service.sessions, "supervisor", "科长"))
    case_id = minor_case["case_id"]
    first_id = authenticate(service.sessions, reviewer_token).token_id
    second_id = authenticate(service.sessions, second_reviewer_token).token_id
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    assign = f"/v1/review/tasks/{case_id}/assign"
    moved = client.post(assign, headers=supervisor, json={"reviewer": second_id})
    assert moved.status_code == 200 and moved.json()["claimed_by"] == second_id
    assert moved.json()["history"][-1]["type"] == "assigned"
    reviewers = client.get("/v1/review/load", headers=supervisor).json()["reviewers"]
    load = {r["reviewer"]: r["claimed"] for r in reviewers}
    assert load[second_id] == 1 and load[first_id] == 0
    # A reviewer may do neither.
    assert client.post(f"/v1/review/tasks/{case_id}/assign", headers=reviewer,
                       json={"reviewer": first_id}).status_code == 403  # fmt: skip
    assert client.get("/v1/review/load", headers=reviewer).status_code == 403
    # Only to a reviewer: not to a portal.
    portal_id = authenticate(service.sessions, create_token(service.sessions, "portal")).token_id
    assert client.post(f"/v1/review/tasks/{case_id}/assign", headers=supervisor,
                       json={"reviewer": portal_id}).status_code == 409  # fmt: skip


def test_history_names_the_people_who_acted(client, service, reviewer, minor_case):
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    history = client.get(f"/v1/cases/{case_id}", headers=reviewer).json()["history"]
    claimed = next(e for e in history if e["type"] == "claimed")
    assert claimed["actor_name"] == "reviewer 1"  # the name the token was issued to
    sign_in(client, service)
    assert "认领 (reviewer 1)" in client.get(f"/review/cases/{case_id}").text


# -- people and sessions (#13) -------------------------------------------------------------------
def test_a_browser_without_a_session_is_sent_to_sign_in_not_shown_json(client, minor_case):
    for url in ("/review", f"/review/cases/{minor_case['case_id']}", "/review/statistics"):
        answer = client.get(url, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/review/login"


def test_signing_in_sets_a_protected_cookie_and_a_wrong_password_is_refused(client, service):
    from approval.accounts import create_account

    create_account(service.sessions, "zhao", "赵科员", "reviewer", PASSWORD)
    csrf = csrf_of(client.get("/review/login").text)
    wrong = client.post("/review/login", data={"username": "zhao", "password": "guess", "csrf": csrf})
    assert (
        wrong.status_code == 401
        and "密码错误" in wrong.text
        and "approval_session" not in wrong.headers.get("set-cookie", "")
    )
    csrf = csrf_of(client.get("/review/login").text)
    right = client.post("/review/login", data={"username": "zhao", "password": PASSWORD, "csrf": csrf},
                        follow_redirects=False)  # fmt: skip
    cookie = right.headers["set-cookie"]
    assert right.status_code == 303 and "approval_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "赵科员" in client.get("/review").text


def test_a_form_posted_without_its_csrf_token_is_refused(client, service, minor_case):
    case_id = minor_case["case_id"]
    sign_in(client, service)
    forged = client.post(f"/review/cases/{case_id}/claim", data={"csrf": "not-the-token"})
    assert forged.status_code == 403 and "<h1>" in forged.text  # a page, not JSON
    missing = client.post(f"/review/cases/{case_id}/claim")
    assert missing.status_code == 403
    assert "claimed_by" not in client.get(f"/v1/cases/{case_id}", headers=bearer(create_token(
        service.sessions, "reviewer"))).json()  # fmt: skip


def test_signing_out_ends_the_session(client, service):
    csrf = sign_in(client, service)
    assert client.post("/review/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/review", follow_redirects=False).status_code == 303


def test_the_case_page_shows_legal_bases_and_escapes_comments(client, service, reviewer, minor_case):
    case_id = minor_case["case_id"]
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer,
                json={"outcome": "reject", "comment": "<b>未满十八周岁</b>"})  # fmt: skip
    sign_in(client, service)
    html = client.get(f"/review/cases/{case_id}").text
    assert "法律依据" in html and "《" in html  # the rules' basis, as the rule files state it
    assert "<b>未满十八周岁</b>" not in html and "&lt;b&gt;未满十八周岁&lt;/b&gt;" in html
