"""A portal registers where it is told of its cases' status changes (see approval/webhooks.py)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from approval.errors import SubmissionError
from approval.persistence.models import WebhookEndpointRow
from approval.tokens import Principal

if TYPE_CHECKING:
    from approval.service import ApprovalService


def register_webhook(app: ApprovalService, principal: Principal, url: str) -> dict:
    """Set the portal's webhook URL and give it a new signing secret (shown this once)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        error = {"loc": ["body", "url"], "type": "url", "msg": "http or https URL"}
        raise SubmissionError("the webhook must be an http(s) URL", [error])
    secret = secrets.token_hex(32)
    with app.uow() as uow:
        row = uow.session.get(WebhookEndpointRow, principal.token_id)
        if row is None:
            row = WebhookEndpointRow(token_id=principal.token_id, created_at=datetime.now(UTC))
            uow.session.add(row)
        row.url, row.secret = url, secret
        uow.commit()
    return {"url": url, "secret": secret}
