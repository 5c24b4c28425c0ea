"""The portal is told: each status change goes to an outbox in its own transaction and is
POSTed, signed, to the portal's webhook until acknowledged. A real HTTP receiver refuses the
first attempts; every event still arrives, and is kept once by its id."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from approval.persistence.audit import verify
from approval.persistence.models import OutboxRow
from tests.api.test_review import routed_minor
from tests.support import bearer


class Receiver:
    """A portal's endpoint: answers 500 to the first ``fail_first`` requests, then 200."""

    def __init__(self, fail_first: int) -> None:
        self.fail_first, self.requests, self.events, self.secret = fail_first, 0, {}, ""
        self.bad_signatures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server interface
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests += 1
                stamp, event_id = self.headers["X-Approval-Timestamp"], self.headers["X-Approval-Event"]
                mac = hmac.new(
                    receiver.secret.encode(), f"{stamp}.{event_id}.".encode() + body, hashlib.sha256
                )
                if (
                    self.headers["X-Approval-Signature"] != f"sha256={mac.hexdigest()}"
                    or abs(time.time() - int(stamp)) > 300
                ):
                    receiver.bad_signatures += 1
                    self.send_response(401)
                elif receiver.requests <= receiver.fail_first:
                    self.send_response(500)
                else:
                    receiver.events.setdefault(event_id, json.loads(body))  # once by event id
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver():
    r = Receiver(fail_first=3)
    yield r
    r.server.shutdown()


def test_every_status_change_reaches_the_portal_signed_despite_failures(client, service, portal, reviewer,
                                                                        receiver):  # fmt: skip
    registered = client.put("/v1/webhook", headers=portal, json={"url": receiver.url})
    assert registered.status_code == 200
    receiver.secret = registered.json()["secret"]
    service.settings.webhook_retry_base_seconds = 0.05
    case_id = routed_minor(client, portal, 990)
    client.post(f"/v1/review/tasks/{case_id}/claim", headers=reviewer)
    client.post(f"/v1/review/tasks/{case_id}/decision", headers=reviewer,
                json={"outcome": "return", "comment": "请补充法定代理人同意书"})  # fmt: skip

    # The app's own deliverer does the work (a second one here would race it on SQLite, which has
    # no row locks to skip: a deployment on SQLite has exactly one).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with service.sessions() as session:
            pending = session.scalars(select(OutboxRow).where(OutboxRow.delivered_at.is_(None))).all()
        if not pending:
            break
        time.sleep(0.05)
    with service.sessions() as session:
        rows = session.scalars(select(OutboxRow).order_by(OutboxRow.created_at)).all()
    assert [r.payload["status"] for r in rows] == ["routed", "returned"]
    assert all(r.delivered_at is not None for r in rows)
    assert set(receiver.events) == {r.id for r in rows}  # each event, kept once by its id
    assert receiver.requests >= len(rows) + receiver.fail_first and receiver.bad_signatures == 0
    returned = receiver.events[rows[1].id]
    assert returned["case_id"] == case_id and "review.returned" in returned["reason_codes"]
    # Each acknowledged notification is in the case's history, whose chain still holds.
    history = client.get(f"/v1/cases/{case_id}", headers=reviewer).json()["history"]
    notified = [e["data"]["event_id"] for e in history if e["type"] == "notified"]
    assert sorted(notified) == sorted(r.id for r in rows)  # once each, in the order they got through
    with service.sessions() as session:
        assert list(verify(session)) == []


def test_a_webhook_must_be_an_http_url(client, portal):
    response = client.put("/v1/webhook", headers=portal, json={"url": "file:///etc/passwd"})
    assert response.status_code == 422


def test_only_portals_register_webhooks(client, reviewer):
    assert client.put("/v1/webhook", headers=reviewer, json={"url": "http://127.0.0.1/x"}).status_code == 403


def test_without_a_webhook_nothing_is_queued(client, service, portal, other_portal_token):
    routed_minor(client, bearer(other_portal_token), 991)
    with service.sessions() as session:
        assert session.scalars(select(OutboxRow)).all() == []
