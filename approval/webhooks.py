"""Telling portals: each notification in the outbox is POSTed to the portal's webhook, signed,
and tried again with growing waits until the portal answers 2xx.

The signature is HMAC-SHA256, keyed with the secret the portal was given when it registered,
over ``"{timestamp}.{event_id}."`` followed by the body; it is sent as
``X-Approval-Signature: sha256=<hex>`` beside ``X-Approval-Event`` and ``X-Approval-Timestamp``.
A receiver recomputes it, refuses a timestamp more than five minutes off, and keeps each event
id once (a delivery whose answer was lost is delivered again).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import httpx
from sqlalchemy import select

from approval.persistence.models import CaseRow, OutboxRow, WebhookEndpointRow

if TYPE_CHECKING:
    from approval.service import ApprovalService

log = logging.getLogger(__name__)

# Waits between attempts: base × 2^attempts, at most an hour.
MAX_WAIT = timedelta(hours=1)


def sign(secret: str, timestamp: str, event_id: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.{event_id}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def deliver_due(app: ApprovalService, limit: int = 50) -> int:
    """Deliver notifications whose time has come, one transaction each (a row being delivered
    by another process is skipped). Returns how many were acknowledged."""
    delivered = 0
    for _ in range(limit):
        now = datetime.now(UTC)
        with app.uow() as uow:
            row = uow.session.scalar(
                select(OutboxRow)
                .where(OutboxRow.delivered_at.is_(None), OutboxRow.next_attempt_at <= now)
                .order_by(OutboxRow.next_attempt_at, OutboxRow.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if row is None:
                return delivered
            endpoint = uow.session.get(WebhookEndpointRow, row.token_id)
            error = _post(endpoint, row) if endpoint is not None else "no webhook registered"
            row.attempts += 1
            if error is None:
                row.delivered_at, row.last_error = now, ""
                delivered += 1
                if row.case_id is not None:  # a bundle's own change is no event of one case
                    # Under the case's row lock, so this link of its history chain has no rival.
                    uow.session.get(CaseRow, row.case_id, with_for_update=True)
                    told = {"event_id": row.id, "status": row.payload.get("status")}
                    uow.cases.add_event(row.case_id, "notified", f"portal:{row.token_id}", told, at=now)
            else:
                base = app.settings.webhook_retry_base_seconds
                wait = timedelta(seconds=base * 2 ** (row.attempts - 1))
                row.next_attempt_at, row.last_error = now + min(wait, MAX_WAIT), error[:500]
                log.warning("webhook %s for case %s: attempt %d failed (%s)", row.id, row.case_id,
                            row.attempts, error)  # fmt: skip
            uow.commit()
    return delivered


def _post(endpoint: WebhookEndpointRow, row: OutboxRow) -> str | None:
    body = json.dumps(row.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Approval-Event": row.id,
        "X-Approval-Timestamp": timestamp,
        "X-Approval-Signature": sign(endpoint.secret, timestamp, row.id, body),
    }
    try:
        answer = httpx.post(endpoint.url, content=body, headers=headers, timeout=5.0)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None if answer.is_success else f"HTTP {answer.status_code}"
