"""事后监管: a share of each matter's instant approvals is drawn, reproducibly, for a reviewer to
check afterwards; a revocation (撤销登记) reaches the case, the register, the portal and the
licence's verification page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, select

from approval.persistence.models import OutboxRow, PostCheckRow
from approval.post_checks import draw, share_for
from approval.use_cases.checks import verify_draws
from tests.support import id_card_images, new_person, post_multipart, registration


def approved_case(client, portal, seed: int) -> dict:  # noqa: ANN001
    person = new_person(seed)
    case = post_multipart(client, "/v1/cases", portal, registration(person), id_card_images(person)).json()
    assert case["status"] == "approved", case["reasons"]
    return case


@pytest.fixture
def every_approval_checked(service, monkeypatch):  # noqa: ANN001
    monkeypatch.setitem(service.rulebook.catalogues, "post_approval_checks", {"default_share": 1.0})


def test_the_draw_is_reproducible_and_takes_the_share():
    seed = b"a seed the office keeps"
    ids = [f"case-{i}" for i in range(4000)]
    first = [draw(seed, i, 0.05) for i in ids]
    assert first == [draw(seed, i, 0.05) for i in ids]  # the same seed, the same draws
    share = sum(d.selected for d in first) / len(ids)
    assert 0.04 < share < 0.06
    assert [d.value for d in first] != [draw(b"another seed", i, 0.05).value for i in ids]


def test_the_share_is_rules_data_per_matter(service):
    catalogues = service.rulebook.catalogues
    assert share_for(catalogues, "individual-business-registration") == 0.05  # the default
    assert share_for(catalogues, "senior-allowance") == 0.1


def test_every_instant_approval_records_its_draw(client, portal, service):
    case = approved_case(client, portal, 9201)
    history = client.get(f"/v1/cases/{case['case_id']}", headers=portal).json()["history"]
    [drawn] = [e["data"] for e in history if e["type"] == "check_drawn"]
    seed = service.settings.data_dir.joinpath("post_check.seed").read_text().encode()
    again = draw(seed, case["case_id"], 0.05)
    assert drawn == again.as_event()
    with service.sessions() as session:
        queued = session.get(PostCheckRow, case["case_id"]) is not None
    assert queued == again.selected
    assert verify_draws(service) == []


def test_a_reviewer_confirms_one_and_revokes_another(client, portal, reviewer, service,
                                                     every_approval_checked):  # fmt: skip
    hook = client.put("/v1/webhook", headers=portal, json={"url": "http://127.0.0.1:9/hook"})
    assert hook.status_code == 200  # the portal is told of every status change
    kept, wrong = approved_case(client, portal, 9202), approved_case(client, portal, 9203)
    listed = client.get("/v1/review/checks", headers=reviewer).json()
    assert listed["total"] == 2
    assert {c["case_id"] for c in listed["checks"]} == {kept["case_id"], wrong["case_id"]}
    assert client.get("/v1/review/checks", headers=portal).status_code == 403

    confirmed = client.post(f"/v1/review/checks/{kept['case_id']}/confirm", headers=reviewer, json={})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    url = f"/v1/review/checks/{wrong['case_id']}/revoke"
    assert client.post(url, headers=reviewer, json={"comment": " "}).status_code == 422  # reasons required
    revoked = client.post(url, headers=reviewer, json={"comment": "经营场所为虚假地址"})
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert client.post(url, headers=reviewer, json={"comment": "again"}).status_code == 409
    assert client.post("/v1/review/checks/no-such-case/confirm", headers=reviewer, json={}).status_code == 404

    # The case, the portal's webhook, the verification page and the licence all say so.
    case = client.get(f"/v1/cases/{wrong['case_id']}", headers=portal).json()
    assert case["status"] == "revoked" and [r["code"] for r in case["reasons"]] == ["check.revoked"]
    assert "经营场所为虚假地址" in case["reasons"][0]["message"]
    with service.sessions() as session:
        # In the order they were written: PostgreSQL returns rows in no set order (a delivery
        # attempt rewrites the approval's row, which then scans last).
        outbox = session.scalars(select(OutboxRow).where(OutboxRow.case_id == wrong["case_id"])
                                 .order_by(OutboxRow.created_at))  # fmt: skip
        told = [r.payload["status"] for r in outbox]
    assert told[-1] == "revoked"
    licence = urlsplit(wrong["result"]["licence"])
    page = client.get(f"{licence.path}?{licence.query}")
    assert page.status_code == 200 and "撤销登记" in page.text and "经营场所为虚假地址" in page.text
    pdf = client.get(f"{licence.path}/licence.pdf?{licence.query}")
    assert pdf.status_code == 410
    still = urlsplit(kept["result"]["licence"])
    assert "核验有效" in client.get(f"{still.path}?{still.query}").text
    assert client.get("/v1/review/checks", headers=reviewer).json()["total"] == 0  # none open
    revoked_ones = client.get("/v1/review/checks", headers=reviewer, params={"status": "revoked"}).json()
    assert revoked_ones["total"] == 1


def test_verify_finds_a_queue_that_does_not_match_its_draws(client, portal, service, every_approval_checked):
    case = approved_case(client, portal, 9204)
    assert verify_draws(service) == []
    with service.sessions() as session:
        session.execute(delete(PostCheckRow).where(PostCheckRow.case_id == case["case_id"]))
        session.commit()
    [problem] = verify_draws(service)
    assert case["case_id"] in problem and "not in the queue" in problem
    service.settings.post_check_seed = "not the seed it was drawn with"
    assert "another seed" in verify_draws(service)[0]
