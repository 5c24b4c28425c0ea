"""A registered business's licence, for whoever holds it: the verification page its QR code
opens, and the licence itself as a counter would print it (PDF, PNG).

Public, and each asks for what the licence shows: its credit code and the verification code
printed beside it. An unknown credit code and a wrong or missing verification code get the
same 404, and each client address may ask a few times a minute (credit codes are issued in
sequence: without both, anyone could walk the register)."""

from __future__ import annotations

from html import escape
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.deps import ServiceDep
from api.errors import ApiError
from api.html import page
from api.openapi import errors
from api.rate_limit import limiter_for, retry_after
from approval.licence_document import LicenceFace
from approval.use_cases.licences import licence_document, licence_face

router = APIRouter(prefix="/v1/licences", tags=["licences"])

VerificationCode = Annotated[str, Query(max_length=32, description="the code printed on the licence")]
FILES = {"pdf": "application/pdf", "png": "image/png"}
BINARY = {"type": "string", "format": "binary"}


def _within_rate(request: Request, service: ServiceDep) -> None:
    per_minute = service.settings.licence_checks_per_minute
    wait = limiter_for(request.app.state, "licence_limiter", per_minute).take(
        request.client.host if request.client else "-"
    )
    if wait:
        raise ApiError(429, "rate_limited", f"at most {per_minute} licence checks a minute; retry later",
                       headers={"Retry-After": retry_after(wait)})  # fmt: skip


@router.get(
    "/{credit_code}",
    response_class=HTMLResponse,
    summary="The licence's verification page (what its QR code opens)",
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}, **errors(404, 422, 429)},
)
def verification_page(
    credit_code: str, request: Request, service: ServiceDep, verification_code: VerificationCode = ""
) -> HTMLResponse:
    _within_rate(request, service)
    face = licence_face(service, credit_code, verification_code)
    return page(f"营业执照核验 {face.credit_code}", _verified(face))


@router.get(
    "/{credit_code}/licence.{kind}",
    summary="The licence as a counter would print it: PDF, or PNG",
    response_class=Response,  # a file: the document must not claim a JSON answer
    responses={200: {"content": {t: {"schema": BINARY} for t in FILES.values()}}, **errors(404, 422, 429)},
)
async def licence_file(
    credit_code: str, kind: str, request: Request, service: ServiceDep, verification_code: VerificationCode = ""  # noqa: E501
) -> Response:
    if kind not in FILES:
        raise ApiError(404, "not_found", "a licence is served as licence.pdf or licence.png")
    _within_rate(request, service)
    data = await run_in_threadpool(licence_document, service, credit_code, verification_code, kind)
    name = f"licence-{credit_code.upper()}.{kind}"
    disposition = {"Content-Disposition": f'inline; filename="{name}"'}
    return Response(data, media_type=FILES[kind], headers=disposition)


def _verified(face: LicenceFace) -> str:
    rows = (
        ("统一社会信用代码", face.credit_code),
        ("核验码", face.verification_code),
        ("名称", face.name),
        ("类型", face.type_title),
        (face.person_title, face.person),
        (face.address_title, face.address),
        ("经营范围", face.scope),
        ("登记日期", f"{face.established_on:%Y-%m-%d}"),
        ("登记机关", face.authority),
    )
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows if v)
    if face.revoked_on is not None:
        return (f"<p class=failed>✘ 本执照已于 {face.revoked_on:%Y年%m月%d日} 被登记机关撤销登记，不再有效。"
                f"The registration was revoked on {face.revoked_on:%Y-%m-%d}.</p>"
                f"<p>撤销原因：{escape(face.revocation_reason)}</p><table>{table}</table>")  # fmt: skip
    query = f"?verification_code={quote(face.verification_code)}"
    base = f"/v1/licences/{quote(face.credit_code)}"
    return (f"<p class=passed>✔ 本执照经登记机关核验有效 The licence is valid.</p><table>{table}</table>"
            f"<p><a href='{base}/licence.pdf{query}'>下载营业执照 PDF</a> · "
            f"<a href='{base}/licence.png{query}'>PNG</a></p>")  # fmt: skip
