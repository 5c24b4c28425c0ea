"""What operators watch: readiness and Prometheus metrics."""

from __future__ import annotations

import json
import re

from tests.support import id_card_images, new_person, registration, store_only


def metric(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name)}{re.escape(labels)} (\S+)$", text, re.MULTILINE)
    assert match, f"{name}{labels} not in metrics"
    return float(match.group(1))


def test_readyz_reports_each_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": True, "queue": True, "rulebook": True}


def test_readyz_is_503_when_the_database_is_gone(client, service, monkeypatch):
    def broken():  # noqa: ANN202
        raise OSError("database unreachable")

    monkeypatch.setattr(service, "sessions", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False


def test_metrics_count_decisions_and_show_the_backlog(client, portal, person, service):
    before = client.get("/metrics").text
    approved_before = (
        metric(
            before,
            "approval_decisions_total",
            '{matter="individual-business-registration",status="approved"}',
        )
        if 'status="approved"' in before
        else 0.0
    )
    files = {p: (f"{p}.png", d, "image/png") for p, d in id_card_images(person).items()}
    answer = client.post(
        "/v1/cases",
        headers=portal,
        data={"submission": json.dumps(registration(person), ensure_ascii=False)},
        files=files,
    ).json()
    assert answer["status"] == "approved"
    minor = new_person(4, age=17)
    routed = client.post("/v1/cases", headers=portal, json=registration(minor)).json()
    assert routed["status"] in ("routed", "returned")
    # A case stored but not decided yet (as after a crash).
    body = registration(new_person(5, age=30))
    store_only(service, body, {})
    text = client.get("/metrics").text
    labels = '{matter="individual-business-registration",status="approved"}'
    assert metric(text, "approval_decisions_total", labels) == approved_before + 1
    assert metric(text, "approval_unfinished_cases") == 1
    assert metric(text, "approval_oldest_unfinished_seconds") >= 0
    assert metric(text, "approval_overdue_review_tasks") == 0
    assert "approval_decision_seconds_bucket" in text


def test_the_request_id_follows_the_case_into_its_job(client, portal, person, caplog):
    files = {p: (f"{p}.png", d, "image/png") for p, d in id_card_images(person).items()}
    data = {"submission": json.dumps(registration(person), ensure_ascii=False)}
    with caplog.at_level("INFO", logger="approval"):
        response = client.post(
            "/v1/cases", headers={**portal, "X-Request-ID": "portal-req-42"}, data=data, files=files
        )
    assert response.headers["X-Request-ID"] == "portal-req-42"
    decided = [
        r for r in caplog.records if r.getMessage().startswith(f"case {response.json()['case_id']} decided")
    ]
    assert decided and decided[0].threadName.startswith("case")  # logged in the job thread …
    assert decided[0].request_id == "portal-req-42"  # … with the request's id
    bad = client.get("/healthz", headers={"X-Request-ID": "no spaces or\\nnewlines please"})
    assert bad.headers["X-Request-ID"] != "no spaces or\\nnewlines please"


def test_json_log_lines_carry_the_request_id(capsys):
    import logging

    from approval.request_context import configure_logging, request_id

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("json")
        token = request_id.set("abc123")
        logging.getLogger("approval.test").info("hello %s", "world")
        request_id.reset(token)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "hello world" and line["request_id"] == "abc123" and line["level"] == "INFO"
