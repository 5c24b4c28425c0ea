"""Issuing unified social credit codes (GB 32100) for newly registered businesses."""

from __future__ import annotations

import secrets

from stdnum.cn import uscc

from ocr.codes import organisation_check_char

# GB 32100: registration authority 9 = market regulation; type 1 = enterprise, 2 = individual business.
KIND_PREFIX = {"individual-business": "92", "sole-proprietorship": "91", "company": "91"}


def issue_credit_code(kind: str, region_code: str, serial: int) -> str:
    """A valid credit code for the ``serial``-th business issued in ``region_code``."""
    body = f"{serial:08d}"
    org_code = body + organisation_check_char(body)
    partial = KIND_PREFIX[kind] + region_code + org_code
    code = partial + uscc.calc_check_digit(partial)
    return uscc.validate(code)


# No 0/O, 1/I/L: read off a printed licence and typed by hand without doubt.
VERIFICATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VERIFICATION_LENGTH = 8  # 31^8 ≈ 8.5 × 10^11 possibilities


def new_verification_code() -> str:
    """A random code printed on a licence: proof that whoever verifies it holds the licence."""
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))
