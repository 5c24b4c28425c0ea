"""Facts for the matters that follow a registration in the 开办企业一件事 bundle: seal engraving
filing, tax information confirmation, bank account appointment and social insurance
registration.

What they all depend on is the registration decided with them: ``registration.approved`` is
true once it is approved (a credit code issued), false once it was returned or rejected, and
unknown while it is undecided or with a reviewer, so a part that depends on it is never
approved before the registration is.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from approval.evidence.company import all_of, id_valid, person_in_form, youngest
from approval.evidence.sources import Inputs, derived, unknown
from approval.reference_data import ReferenceData
from approval.ruleset.facts import Evidence, Fact, Facts
from approval.working_days import is_working_day, working_days_after

REFUSED = ("returned", "rejected")
MOBILE = re.compile(r"1[3-9][0-9]{9}")
MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
EMPLOYEES = "employees"


def registration_facts(link: Any, reference: ReferenceData) -> tuple[Facts, date | None]:
    """``registration.approved``, and the establishment date once it is."""
    case_id = link.get("registration_case_id") if isinstance(link, dict) else None
    where = Evidence("bundle", "registration_case_id")
    if not isinstance(case_id, str) or not case_id:
        return {"registration.approved": unknown(where)}, None
    outcome = reference.registration_outcome(case_id)
    found = Evidence("reference:registrations", case_id)
    if outcome.status == "approved" and outcome.credit_code:
        return {"registration.approved": Fact(True, None, (found,))}, outcome.established_on
    if outcome.status in REFUSED:
        return {"registration.approved": Fact(False, None, (found,))}, None
    return {"registration.approved": unknown(found)}, None


def _listed(inputs: Inputs, field: str, entries: Any, jurisdiction_code: str) -> Fact:
    """Whether the code typed in ``field`` is an entry of a catalogue serving this jurisdiction."""
    typed = inputs.typed("form", field)
    if typed is None or not isinstance(typed.value, str):
        return unknown(Evidence("form", field))
    known = {
        str(e.get("code")): [str(j) for j in e.get("jurisdictions") or ()]
        for e in entries or ()
        if isinstance(e, dict)
    }
    return derived(jurisdiction_code in known.get(typed.value, ()), typed)


def seal_and_bank_facts(inputs: Inputs, day: date, catalogues: dict, jurisdiction_code: str) -> Facts:
    makers = (catalogues.get("seal_makers") or {}).get("makers")
    banks = (catalogues.get("banks") or {}).get("banks")
    facts: Facts = {
        "seal.maker_filed": _listed(inputs, "seal_maker", makers, jurisdiction_code),
        "bank.in_catalogue": _listed(inputs, "bank", banks, jurisdiction_code),
    }
    typed = inputs.typed("form", "appointment_date")
    where = Evidence("form", "appointment_date")
    try:
        when = date.fromisoformat(typed.value) if typed and isinstance(typed.value, str) else None
    except ValueError:
        when = None
    facts["bank.appointment_on_working_day"] = (
        derived(is_working_day(when), typed) if when else unknown(where)
    )
    facts["bank.appointment_working_days_ahead"] = (
        derived(working_days_after(day, when), typed) if when else unknown(where)
    )
    mobile = inputs.typed("form", "accountant_mobile")
    facts["tax.accountant_mobile_valid"] = (
        derived(isinstance(mobile.value, str) and MOBILE.fullmatch(mobile.value) is not None, mobile)
        if mobile
        else unknown(Evidence("form", "accountant_mobile"))
    )
    return facts


def social_insurance_facts(inputs: Inputs, day: date, established_on: date | None) -> Facts:
    where = Evidence("form", EMPLOYEES)
    entries = inputs.form.get(EMPLOYEES)
    # A registration's form has 'employees' too: a head count, not a list of people.
    people = (
        [person_in_form(e, f"{EMPLOYEES}[{i}]") for i, e in enumerate(entries)]
        if isinstance(entries, list)
        else []
    )
    facts: Facts = {}
    if not people:
        facts.update({name: unknown(where) for name in EMPLOYEE_FACTS})
    else:
        numbers = [p.number for p in people]
        facts["employees.id_numbers_valid"] = all_of((id_valid(p, day) for p in people), where)
        facts["employees.distinct"] = derived(
            len(set(numbers)) == len(numbers), *(p.id_number for p in people)
        )
        facts["employees.youngest_age"] = youngest(people, day, where)
    start = inputs.typed("form", "start_month")
    matched = MONTH.fullmatch(start.value) if start and isinstance(start.value, str) else None
    if matched is None or established_on is None:
        # Before the registration is approved there is no establishment date to compare with.
        missing = (
            Evidence("form", "start_month") if matched is None else Evidence("registration", "established_on")
        )
        facts["social_insurance.start_not_before_establishment"] = unknown(missing)
    else:
        month = (int(matched.group(1)), int(matched.group(2)))
        established = Evidence("registration", "established_on")
        facts["social_insurance.start_not_before_establishment"] = derived(
            month >= (established_on.year, established_on.month), start
        ).with_evidence(established)
    return facts


EMPLOYEE_FACTS = ("employees.id_numbers_valid", "employees.distinct", "employees.youngest_age")


def opening_facts(
    inputs: Inputs,
    link: Any,
    day: date,
    reference: ReferenceData,
    catalogues: dict,
    jurisdiction_code: str,
) -> Facts:
    facts, established_on = registration_facts(link, reference)
    facts.update(seal_and_bank_facts(inputs, day, catalogues, jurisdiction_code))
    facts.update(social_insurance_facts(inputs, day, established_on))
    return facts
