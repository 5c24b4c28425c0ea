"""Statistics for the office: instant-approval rate, on-time rate, working days to decision and
the commonest routing and return reasons, per matter and per week (ISO weeks, China time)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from approval.persistence.models import CaseRow, DecisionRow, RatingRow
from approval.persistence.scope_sql import in_scope
from approval.use_cases.ratings import POOR_RATING
from approval.use_cases.scoping import scope_for
from approval.working_days import china_today, working_days_after

if TYPE_CHECKING:
    from approval.service import ApprovalService
    from approval.tokens import Principal

TOP_REASONS = 5


def office_statistics(
    app: ApprovalService, since: datetime | None = None, until: datetime | None = None,
    principal: Principal | None = None,
) -> dict:
    """Of the principal's jurisdiction (every one for a person bound to none)."""
    until = until or datetime.now(UTC)
    since = since or until - timedelta(weeks=12)
    scope = scope_for(app, principal) if principal is not None else None
    where = [CaseRow.received_at >= since, CaseRow.received_at < until]
    if scope is not None:
        where.append(in_scope(CaseRow.region_code, scope))
    with app.uow() as uow:
        cases = list(uow.session.scalars(select(CaseRow).where(*where)))
        ids = [c.id for c in cases]
        engine = {
            d.case_id: d
            for d in uow.session.scalars(
                select(DecisionRow).where(DecisionRow.case_id.in_(ids), DecisionRow.decided_by == "engine")
            )
        } if ids else {}  # fmt: skip
        subjects = [f"case:{i}" for i in ids]
        scores = {
            r.subject[5:]: r.score
            for r in uow.session.scalars(select(RatingRow).where(RatingRow.subject.in_(subjects)))
        } if ids else {}  # fmt: skip
    groups: dict[tuple[str, str], list[CaseRow]] = defaultdict(list)
    for case in cases:
        year, week, _ = china_today(case.received_at).isocalendar()
        groups[(case.matter, f"{year}-W{week:02d}")].append(case)
        groups[(case.matter, "all")].append(case)
        groups[("all", "all")].append(case)
    rows = [
        _measure(matter, week, members, engine, scores) for (matter, week), members in sorted(groups.items())
    ]
    return {"since": since.isoformat(), "until": until.isoformat(), "rows": rows}


def _measure(matter: str, week: str, cases: list[CaseRow], engine: dict[str, DecisionRow],
             scores: dict[str, int]) -> dict:  # fmt: skip
    decided = [c for c in cases if c.decided_at is not None and c.status not in ("received", "processing")]
    first = {c.id: engine[c.id] for c in cases if c.id in engine}
    instant = sum(1 for d in first.values() if d.status == "approved")
    with_deadline = [c for c in decided if c.due_by is not None]
    on_time = sum(1 for c in with_deadline if c.decided_at <= c.due_by)
    days = [working_days_after(china_today(c.received_at), china_today(c.decided_at)) for c in decided]
    routed = Counter(r["code"] for d in first.values() if d.status == "routed" for r in d.reasons or [])
    returned = Counter(r["code"] for c in decided if c.status == "returned" for r in c.reasons or [])
    rated = [scores[c.id] for c in cases if c.id in scores]
    return {
        "matter": matter,
        "week": week,
        "submitted": len(cases),
        "decided": len(decided),
        "instant_approval_rate": round(instant / len(first), 3) if first else None,
        "on_time_rate": round(on_time / len(with_deadline), 3) if with_deadline else None,
        "average_working_days_to_decision": round(sum(days) / len(days), 2) if days else None,
        "top_routing_reasons": routed.most_common(TOP_REASONS),
        "top_return_reasons": returned.most_common(TOP_REASONS),
        # 好差评: how the applicants rated the cases (1–5), and how many were poor (差评).
        "ratings": len(rated),
        "average_rating": round(sum(rated) / len(rated), 2) if rated else None,
        "poor_ratings": sum(1 for score in rated if score <= POOR_RATING),
    }
