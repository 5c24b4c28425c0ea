"""The printable licence of a registered business (PDF and PNG), for whoever holds the codes
printed on it — the same test as its verification page."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from approval.errors import Gone, NotFound
from approval.licence_document import LicenceFace, licence_pdf, licence_png
from approval.registration import licence_url
from approval.working_days import china_today

if TYPE_CHECKING:
    from approval.persistence.models import RegisterEntryRow
    from approval.service import ApprovalService

# Register kind -> (type, the person's title, the address's title), as the licence prints them.
FACES = {
    "individual-business": ("个体工商户", "经营者", "经营场所"),
    "sole-proprietorship": ("个人独资企业", "投资人", "住所"),
    "company": ("有限责任公司（自然人投资或控股）", "法定代表人", "住所"),
}
COMPOSITIONS = {"individual": "个人经营", "family": "家庭经营"}


def licence_document(app: ApprovalService, credit_code: str, verification_code: str, kind: str
                     ) -> bytes:  # fmt: skip
    """The licence as ``kind`` ("pdf" or "png"). An unknown credit code and a wrong
    verification code are the same NotFound; a revoked registration's licence is Gone."""
    face = licence_face(app, credit_code, verification_code)
    if face.revoked_on is not None:
        raise Gone(f"licence {face.credit_code}: the registration was revoked on {face.revoked_on:%Y-%m-%d}")
    return licence_pdf(face) if kind == "pdf" else licence_png(face)


def licence_face(app: ApprovalService, credit_code: str, verification_code: str) -> LicenceFace:
    with app.uow() as uow:
        entry = uow.register.get(credit_code)
        if entry is None or not _holds(entry, verification_code):
            raise NotFound("licence")
        case = uow.cases.get(entry.case_id) if entry.case_id else None
        form = ((case.submission or {}).get("body") or {}).get("form") or {} if case is not None else {}
        return _face(app, entry, form)


def _holds(entry: RegisterEntryRow, verification_code: str) -> bool:
    expected = (entry.verification_code or "").encode()
    return bool(expected) and hmac.compare_digest(expected, verification_code.strip().upper().encode())


def _face(app: ApprovalService, entry: RegisterEntryRow, form: dict) -> LicenceFace:
    type_title, person_title, address_title = FACES.get(entry.kind, (entry.kind, "经营者", "住所"))
    scope = form.get("business_scope") or []
    capital = form.get("registered_capital_cny") if entry.kind == "company" else None
    composition = form.get("organization_form") if entry.kind == "individual-business" else None
    place = (app.rulebook.catalogues.get("jurisdictions") or {}).get(entry.region_code) or {}
    code = entry.verification_code or ""
    return LicenceFace(
        credit_code=entry.credit_code,
        name=entry.name or entry.operator_name,  # an individual business may have no name
        type_title=type_title,
        person_title=person_title,
        person=entry.operator_name,
        address_title=address_title,
        address=entry.address,
        scope="；".join(str(s) for s in scope) if isinstance(scope, list) else str(scope),
        established_on=china_today(entry.registered_at),
        authority=str(place.get("registration_authority") or ""),
        verification_code=code,
        verify_url=licence_url(app.settings.public_base_url, entry.credit_code, code),
        capital=f"{float(capital) / 10000:g}万元人民币" if isinstance(capital, int | float) else "",
        composition=COMPOSITIONS.get(str(composition), ""),
        revoked_on=china_today(entry.revoked_at) if entry.revoked_at else None,
        revocation_reason=entry.revocation_reason or "",
    )
