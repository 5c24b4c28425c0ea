"""A trail no one can rewrite unseen: each case's events are a hash chain.

Every event's ``hash`` is SHA-256 over the previous event's hash and the event itself (case,
time, type, actor, data in a canonical JSON); the first event of a case chains to "". A hook on
every session fills both in as events are flushed, so no caller can forget it (events are written
in transactions that hold their case's row lock, so two never take the same predecessor).
``verify`` recomputes every chain and names the first link that does not hold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from approval.persistence.models import CaseEventRow


def event_hash(prev_hash: str, row: CaseEventRow) -> str:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)  # stored in UTC
    payload = json.dumps(
        {
            "case_id": row.case_id,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "type": row.type,
            "actor": row.actor,
            "data": row.data or {},
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, _context: object, _instances: object) -> None:
    new = [obj for obj in session.new if isinstance(obj, CaseEventRow)]
    last: dict[str, str] = {}
    for row in new:  # in the order they were added
        if row.case_id not in last:
            with session.no_autoflush:
                stored = session.scalar(
                    select(CaseEventRow.hash)
                    .where(CaseEventRow.case_id == row.case_id)
                    .order_by(CaseEventRow.id.desc())
                    .limit(1)
                )
            last[row.case_id] = stored or ""
        row.prev_hash = last[row.case_id]
        row.hash = last[row.case_id] = event_hash(row.prev_hash, row)


@dataclass(frozen=True)
class BrokenLink:
    case_id: str
    event_id: int
    type: str
    why: str


def verify(session: Session) -> Iterator[BrokenLink]:
    """The first broken link of every case whose chain does not hold."""
    current, prev, broken = None, "", False
    rows = session.scalars(select(CaseEventRow).order_by(CaseEventRow.case_id, CaseEventRow.id))
    for row in rows:
        if row.case_id != current:
            current, prev, broken = row.case_id, "", False
        if broken:
            continue
        if row.prev_hash != prev:
            broken = True
            yield BrokenLink(
                row.case_id,
                row.id,
                row.type,
                "does not follow the event before it (one was removed or inserted)",
            )
        elif event_hash(prev, row) != row.hash:
            broken = True
            yield BrokenLink(row.case_id, row.id, row.type, "was changed after it was written")
        prev = row.hash
