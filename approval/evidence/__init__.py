"""Evidence: every fact a rule may use, derived from the form, the documents read and the
reference data, each with its confidence and where it came from (see
``approval.ruleset.vocabulary`` for the names).

A fact that cannot be established is still present, with value None and evidence naming
the missing input, so that the rule needing it is undetermined and says why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from approval.evidence import business, company, identity, opening
from approval.evidence.sources import Inputs, derived, unknown
from approval.reference_data import ReferenceData
from approval.ruleset.facts import Evidence, Fact, Facts


def form_facts(inputs: Inputs, form_schema: dict) -> Facts:
    """``form.<field>`` for scalars and ``form.<field>.count`` for lists, as typed."""
    facts: Facts = {}
    for field, prop in (form_schema.get("properties") or {}).items():
        typed = inputs.typed("form", field)
        where = Evidence("form", field)
        if prop.get("type") == "array":
            ok = typed is not None and isinstance(typed.value, list)
            facts[f"form.{field}.count"] = derived(len(typed.value), typed) if ok else unknown(where)
        elif prop.get("type") in ("string", "integer", "number", "boolean"):
            facts[f"form.{field}"] = Fact(typed.value, None, (where,)) if typed else unknown(where)
    return facts


def build_facts(
    matter: Any,
    submission: dict,
    readings: dict[str, dict],
    application_date: date,
    reference: ReferenceData,
    jurisdiction_code: str,
    catalogues: dict,
) -> Facts:
    inputs = Inputs(submission, readings, matter.materials_for(submission))
    place = (catalogues.get("jurisdictions") or {}).get(jurisdiction_code)
    facts: Facts = {}
    facts.update(form_facts(inputs, matter.form_json_schema()))
    declared = inputs.typed("declarations", "information_true")
    facts["declarations.information_true"] = (
        derived(declared.value, declared)
        if declared
        else unknown(Evidence("declarations", "information_true"))
    )
    facts.update(identity.applicant_facts(inputs, application_date, reference))
    facts.update(identity.id_card_facts(inputs, application_date))
    facts.update(business.scope_facts(inputs, catalogues))
    facts.update(business.location_facts(inputs, place))
    facts.update(business.proposed_name_facts(inputs, catalogues, place, reference, matter.code))
    facts.update(business.licence_and_register_facts(inputs, reference))
    facts.update(business.change_facts(inputs, catalogues, place))
    facts.update(business.food_facts(inputs, catalogues))
    link = submission.get("bundle")  # a part of a 一件事 bundle: the registration it depends on
    facts.update(
        opening.opening_facts(inputs, link, application_date, reference, catalogues, jurisdiction_code)
    )
    if matter.file.repeat_materials_over == company.SHAREHOLDERS:
        facts.update(company.company_facts(inputs, application_date, reference))
    return facts


__all__ = ["build_facts"]
