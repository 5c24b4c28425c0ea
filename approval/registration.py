"""What approval means for registration matters: an entry in the register and an
electronic licence."""

from __future__ import annotations

from approval.persistence.register_store import RegisterRepository

# matter code -> register kind (GB 32100 type); other matters create no register entry.
REGISTERING_MATTERS = {
    "individual-business-registration": "individual-business",
    "sole-proprietorship-registration": "sole-proprietorship",
    "company-registration": "company",
}


def licence_url(base_url: str, credit_code: str, verification_code: str) -> str:
    """Where the licence is verified: it asks for the code printed on the licence too."""
    return f"{base_url.rstrip('/')}/v1/licences/{credit_code}?verification_code={verification_code}"


def registration_for(
    registers: RegisterRepository, case_id: str, matter_code: str, submission: dict, base_url: str
) -> tuple[object | None, dict | None]:
    """The register row to insert and the ``result`` to answer with (both None if the
    matter registers nothing)."""
    kind = REGISTERING_MATTERS.get(matter_code)
    if kind is None:
        return None, None
    form = submission.get("form") or {}
    # A company is registered with its legal representative; the others with their operator.
    operator = form.get("legal_representative") if kind == "company" else submission.get("applicant")
    operator = operator if isinstance(operator, dict) else {}
    typed = form.get("business_name") or form.get("enterprise_name") or form.get("company_name") or ""
    # Registered as typed (brackets and all) less spaces; duplicates are found by its name_key.
    name = "".join(str(typed).split())
    entry = registers.new_entry(
        case_id=case_id,
        kind=kind,
        region_code=str(form.get("region_code") or ""),
        name=name,
        operator_name=str(operator.get("name", "")),
        operator_id_number=str(operator.get("id_number", "")),
        address=form.get("business_address", ""),
    )
    result = {
        "credit_code": entry.credit_code,
        "verification_code": entry.verification_code,
        "licence": licence_url(base_url, entry.credit_code, entry.verification_code),
    }
    return entry, result
