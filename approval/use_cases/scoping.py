"""What a person may work on: a reviewer or supervisor bound to a jurisdiction sees and works
only its cases; another jurisdiction's case is, to them, a case that does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from approval.errors import NotFound
from approval.jurisdictions import RegionScope, scope_of

if TYPE_CHECKING:
    from approval.persistence.models import CaseRow
    from approval.service import ApprovalService
    from approval.tokens import Principal


def scope_for(app: ApprovalService, principal: Principal) -> RegionScope | None:
    return scope_of(app.rulebook.catalogues, principal.jurisdiction, app.settings.jurisdiction_code)


def require_in_scope(app: ApprovalService, principal: Principal, case: CaseRow | None, case_id: str
                     ) -> CaseRow:  # fmt: skip
    """The case, if it exists and is the principal's jurisdiction's; else NotFound."""
    if case is None or not sees(app, principal, case.region_code):
        raise NotFound(case_id)
    return case


def sees(app: ApprovalService, principal: Principal, region_code: str | None) -> bool:
    """Whether the principal works the jurisdiction of ``region_code`` (everyone unbound does)."""
    scope = scope_for(app, principal)
    return scope is None or scope.holds(region_code or "")
