"""Issuing unified social credit codes (GB 32100) for newly registered businesses."""

from __future__ import annotations

from stdnum.cn import uscc

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100: registration authority 9 = market regulation; type 1 = enterprise, 2 = individual business.
KIND_PREFIX = {"individual-business": "92", "sole-proprietorship": "91", "company": "91"}


def organisation_check_char(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(_ORG_ALPHABET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def issue_credit_code(kind: str, region_code: str, serial: int) -> str:
    """A valid credit code for the ``serial``-th business issued in ``region_code``."""
    body = f"{serial:08d}"
    org_code = body + organisation_check_char(body)
    partial = KIND_PREFIX[kind] + region_code + org_code
    code = partial + uscc.calc_check_digit(partial)
    return uscc.validate(code)
