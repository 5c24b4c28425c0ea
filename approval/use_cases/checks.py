"""Checks after instant approval (事后监管): every instant approval is drawn for a check or not
(recorded in its history); a reviewer confirms a drawn one or revokes its registration
(撤销登记), which the register, the portal (webhook) and the licence's verification page show."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from approval.errors import ClaimConflict, Forbidden, NotFound, SubmissionError
from approval.persistence.models import CaseEventRow, CaseRow, DecisionRow, PostCheckRow
from approval.pipeline.reasons import reason
from approval.post_checks import draw, seed_of, share_for
from approval.use_cases.scoping import scope_for, sees

if TYPE_CHECKING:
    from approval.service import ApprovalService
    from approval.tokens import Principal
    from approval.unit_of_work import UnitOfWork

CHECK_STATUSES = ("open", "confirmed", "revoked")


def draw_for_check(app: ApprovalService, uow: UnitOfWork, case_id: str, matter: str) -> None:
    """In the transaction that records an instant approval: draw it, record the draw in the
    case's history, and queue it for a check if drawn."""
    drawn = draw(seed_of(app.settings), case_id, share_for(app.rulebook.catalogues, matter))
    now = datetime.now(UTC)
    uow.cases.add_event(case_id, "check_drawn", "engine", drawn.as_event(), at=now)
    if drawn.selected:
        check = PostCheckRow(case_id=case_id, matter=matter, region_code=uow.cases.get(case_id).region_code,
                             drawn_at=now, draw=drawn.value, share=drawn.share, seed_id=drawn.seed_id,
                             status="open", comment="")  # fmt: skip
        uow.checks.add(check)


def check_view(row: PostCheckRow) -> dict:
    return {
        "case_id": row.case_id,
        "matter": row.matter,
        "status": row.status,
        "drawn_at": row.drawn_at.isoformat(),
        "draw": round(row.draw, 6),
        "share": row.share,
        "decided_by": row.decided_by,
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
        "comment": row.comment,
    }


def list_checks(app: ApprovalService, principal: Principal, status: str | None = "open",
                matter: str | None = None, limit: int = 50, offset: int = 0) -> dict:  # fmt: skip
    _reviewer(principal)
    with app.uow() as uow:
        rows, total = uow.checks.listed(status, matter, limit, offset, scope_for(app, principal))
        return {"checks": [check_view(r) for r in rows], "total": total}


def confirm_check(app: ApprovalService, principal: Principal, case_id: str, comment: str = "") -> dict:
    _reviewer(principal)
    with app.uow() as uow:
        now = _close(app, uow, case_id, "confirmed", principal, comment)
        actor = f"reviewer:{principal.token_id}"
        uow.cases.add_event(case_id, "check_confirmed", actor, {"comment": comment}, at=now)
        uow.commit()
        return check_view(uow.checks.get(case_id))


def revoke_after_check(app: ApprovalService, principal: Principal, case_id: str, comment: str) -> dict:
    """撤销登记: the case becomes ``revoked`` with the reviewer's reasons, its register entry is
    marked revoked (its licence no longer verifies), and the portal is told (the case event)."""
    _reviewer(principal)
    comment = comment.strip()
    if not comment:
        raise SubmissionError(
            "a comment is required to revoke a registration: the applicant and the register are told it",
            [{"loc": ["body", "comment"], "type": "missing", "msg": "required to revoke"}],
            code="comment_required",
        )
    with app.uow() as uow:
        now = _close(app, uow, case_id, "revoked", principal, comment)
        revoked = reason("check.revoked", source="reviewer", comment=comment).to_dict()
        case = uow.session.scalar(select(CaseRow).where(CaseRow.id == case_id).with_for_update())
        case.status, case.reasons, case.reason_codes = "revoked", [revoked], "check.revoked"
        case.decided_at, case.version = now, case.version + 1
        uow.checks.revoke_registration(case_id, comment, now)
        actor = f"reviewer:{principal.token_id}"
        uow.session.add(DecisionRow(case_id=case_id, status="revoked", decided_by=actor, decided_at=now,
                                    ruleset_version=case.ruleset_version, ruleset_digest=case.ruleset_digest,
                                    reasons=[revoked], trace=[], comment=comment))  # fmt: skip
        uow.session.add(CaseEventRow(case_id=case_id, at=now, type="revoked", actor=actor,
                                     data={"comment": comment, "reasons": ["check.revoked"]}))  # fmt: skip
        uow.commit()
        return check_view(uow.checks.get(case_id))


def verify_draws(app: ApprovalService) -> list[str]:
    """Recompute every recorded draw with the seed: what does not match (a draw recorded with
    another value, a case drawn without its check, a check without its draw)."""
    seed = seed_of(app.settings)
    problems = []
    with app.uow() as uow:
        events = uow.session.scalars(select(CaseEventRow).where(CaseEventRow.type == "check_drawn"))
        checked = uow.checks.drawn_case_ids()
        drawn_ids = set()
        for event in events:
            data = event.data or {}
            again = draw(seed, event.case_id, float(data.get("share", 0)))
            if data.get("seed") != again.seed_id:
                problems.append(f"{event.case_id}: drawn with another seed ({data.get('seed')})")
                continue
            same = abs(float(data.get("draw", -1)) - again.value) <= 1e-6
            if not same or bool(data.get("selected")) != again.selected:
                problems.append(f"{event.case_id}: recorded draw {data.get('draw')} is not {again.value:.6f}")
            if again.selected:
                drawn_ids.add(event.case_id)
                if event.case_id not in checked:
                    problems.append(f"{event.case_id}: drawn for a check that is not in the queue")
        problems += [f"{case_id}: in the queue without a draw" for case_id in sorted(checked - drawn_ids)]
    return problems


def _close(app: ApprovalService, uow: UnitOfWork, case_id: str, status: str, principal: Principal,
           comment: str) -> datetime:  # fmt: skip
    now = datetime.now(UTC)
    check = uow.checks.get(case_id)
    if check is None or not sees(app, principal, check.region_code):
        raise NotFound(f"check {case_id}")
    if not uow.checks.decide(case_id, status, principal.token_id, comment, now):
        raise ClaimConflict(case_id)  # decided already
    return now


def _reviewer(principal: Principal) -> None:
    if not principal.can("reviewer"):
        raise Forbidden("checks after approval are for reviewers")
