"""好差评: the applicant's rating of a finished service, posted by the portal, and the
supervisors' queue of poor ones (差评), each closed with what was done about it (整改)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from approval.errors import Forbidden, NotFound, RatingRefused
from approval.persistence.models import RatingRow
from approval.use_cases.bundles import bundle_view
from approval.use_cases.scoping import scope_for, sees

if TYPE_CHECKING:
    from approval.service import ApprovalService
    from approval.tokens import Principal
    from approval.unit_of_work import UnitOfWork

# 1 非常不满意 … 5 非常满意; one or two stars is a poor rating (差评), which a supervisor follows up.
SCORES = range(1, 6)
POOR_RATING = 2
# A service is rated once it is done with, whatever the outcome.
FINISHED = ("approved", "rejected", "returned")


def rating_view(row: RatingRow) -> dict:
    kind, _, subject_id = row.subject.partition(":")
    out = {
        "rating_id": row.id,
        "subject": {"type": kind, "id": subject_id},
        "matter": row.matter,
        "score": row.score,
        "comment": row.comment,
        "rated_at": row.rated_at.isoformat(),
        "poor": row.score <= POOR_RATING,
    }
    if row.handled_at is not None:
        out["handled"] = {"at": row.handled_at.isoformat(), "by": row.handled_by, "note": row.handling_note}
    return out


def rate_case(app: ApprovalService, principal: Principal, case_id: str, score: int, comment: str
              ) -> tuple[dict, bool]:  # fmt: skip
    """The rating and whether it is new. The same rating posted again is the same answer (a
    retry); another one for a case already rated is refused: a rating is not edited."""
    with app.uow() as uow:
        case = uow.cases.get(case_id)
        if case is None or case.owner_token_id != principal.token_id:
            raise NotFound(case_id)  # a portal learns nothing of another portal's cases
        rated = Rated(f"case:{case_id}", case.matter, case.region_code, case.status, principal.token_id)
        view, created = _record(uow, rated, score, comment)
        if created:
            uow.cases.add_event(case_id, "rated", f"portal:{principal.token_id}", {"score": score})
            uow.commit()
        return view, created


def rate_bundle(app: ApprovalService, principal: Principal, bundle_id: str, score: int, comment: str
                ) -> tuple[dict, bool]:  # fmt: skip
    """A 一件事 bundle rated as one service once it is done with, as ``rate_case``."""
    bundle = bundle_view(app, bundle_id, principal)  # NotFound for another portal's
    with app.uow() as uow:
        registration = uow.cases.get(bundle["parts"][0]["case_id"])
        rated = Rated(f"bundle:{bundle_id}", bundle["bundle"], registration.region_code, bundle["status"],
                      principal.token_id)  # fmt: skip
        view, created = _record(uow, rated, score, comment)
        if created:
            uow.commit()
        return view, created


@dataclass(frozen=True)
class Rated:
    """What is rated: a case or a bundle, as it stands."""

    subject: str
    matter: str
    region_code: str
    status: str
    portal: str


def _record(uow: UnitOfWork, rated: Rated, score: int, comment: str) -> tuple[dict, bool]:
    if score not in SCORES:
        raise ValueError("score must be 1 to 5")
    existing = uow.ratings.of(rated.subject)
    if existing is not None:
        return _same_or_refused(existing, score, comment), False
    if rated.status not in FINISHED:
        raise RatingRefused("not_finished", f"{rated.subject} is {rated.status}: rate it once decided")
    row = RatingRow(subject=rated.subject, matter=rated.matter, region_code=rated.region_code, score=score,
                    comment=comment, rated_at=datetime.now(UTC), token_id=rated.portal)  # fmt: skip
    try:
        uow.ratings.add(row)
    except IntegrityError:  # the same service rated at the same moment by a retry: one stands
        uow.session.rollback()
        return _same_or_refused(uow.ratings.of(rated.subject), score, comment), False
    return rating_view(row), True


def _same_or_refused(existing: RatingRow | None, score: int, comment: str) -> dict:
    if existing is None or (existing.score, existing.comment) != (score, comment):
        raise RatingRefused("already_rated", "this service was rated already; a rating is not changed")
    return rating_view(existing)


def poor_ratings(app: ApprovalService, principal: Principal, *, handled: bool = False, limit: int = 50,
                 offset: int = 0) -> dict:  # fmt: skip
    _supervisor(principal)
    with app.uow() as uow:
        scope = scope_for(app, principal)
        rows, total = uow.ratings.poor(POOR_RATING, handled=handled, limit=limit, offset=offset, scope=scope)
        return {"ratings": [rating_view(r) for r in rows], "total": total}


def handle_poor_rating(app: ApprovalService, principal: Principal, rating_id: int, note: str) -> dict:
    """A supervisor closes a poor rating with what was done about it."""
    _supervisor(principal)
    note = note.strip()
    if not note:
        raise RatingRefused("note_required", "say what was done about the rating")
    with app.uow() as uow:
        row = uow.ratings.get(rating_id)
        if row is None or row.score > POOR_RATING or not sees(app, principal, row.region_code):
            raise NotFound(f"rating {rating_id}")
        if row.handled_at is not None:
            raise RatingRefused("already_handled", f"rating {rating_id} was handled already")
        row.handled_at, row.handled_by, row.handling_note = datetime.now(UTC), principal.token_id, note
        if row.subject.startswith("case:"):
            uow.cases.add_event(row.subject[5:], "rating_handled", f"supervisor:{principal.token_id}",
                                {"rating_id": row.id, "note": note})  # fmt: skip
        uow.commit()
        return rating_view(row)


def _supervisor(principal: Principal) -> None:
    if not principal.supervises:
        raise Forbidden("only a supervisor follows up poor ratings")
