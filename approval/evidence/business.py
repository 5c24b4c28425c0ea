"""Facts about the business: its scope, location and name, checked against the
catalogues under ``rules/catalogues`` and the register."""

from __future__ import annotations

from typing import Any

from approval.business_names import NOT_GIVEN, check_name, grammar_for, name_key
from approval.evidence.sources import Inputs, Value, derived, unknown
from approval.evidence.text import code, person_name, plain
from approval.reference_data import ReferenceData
from approval.ruleset.facts import Evidence, Facts
from ocr.codes import credit_code_valid
from ocr.reading import BUSINESS_LICENCE

LICENCE = BUSINESS_LICENCE


def scope_counts(items: Any, catalogue: dict) -> tuple[int, int] | None:
    """(licensed items, items in neither list), or None when ``items`` is not a list of text."""
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return None
    general = {plain(i) for i in catalogue.get("general", ())}
    licensed = {plain(i) for i in catalogue.get("licensed", ())}
    normalised = [plain(i) for i in items]
    return (
        sum(i in licensed for i in normalised),
        sum(i not in licensed and i not in general for i in normalised),
    )


def in_jurisdiction(address: str, place: dict) -> bool:
    text = plain(address)
    return any(text.startswith(plain(prefix)) for prefix in place.get("address_prefixes", ()))


def scope_facts(inputs: Inputs, catalogues: dict) -> Facts:
    scope = inputs.typed("form", "business_scope")
    where = Evidence("form", "business_scope")
    counts = scope_counts(scope.value, catalogues.get("business_scope", {})) if scope else None
    if counts is None:
        return {
            f"business.{k}": unknown(where)
            for k in ("scope_count", "scope_licensed_count", "scope_unknown_count")
        }
    catalogue = Evidence("catalogue:business_scope", "business_scope")
    return {
        "business.scope_count": derived(len(scope.value), scope),
        "business.scope_licensed_count": derived(counts[0], scope).with_evidence(catalogue),
        "business.scope_unknown_count": derived(counts[1], scope).with_evidence(catalogue),
    }


def location_facts(inputs: Inputs, place: dict | None) -> Facts:
    facts: Facts = {}
    checks = (
        ("business.region_in_jurisdiction", "region_code", "region_codes", None),
        ("household.region_in_jurisdiction", "household_region_code", "household_region_codes", None),
        ("business.address_in_jurisdiction", "business_address", None, in_jurisdiction),
    )
    for fact, field, codes_key, test in checks:
        typed = inputs.typed("form", field)
        if typed is None or place is None or not isinstance(typed.value, str):
            facts[fact] = unknown(Evidence("form", field))
        elif test is not None:
            facts[fact] = derived(test(typed.value, place), typed)
        else:
            facts[fact] = derived(typed.value in place.get(codes_key, ()), typed)
    return facts


NAME_FIELDS = ("company_name", "enterprise_name", "business_name")
NAME_FACTS = (
    "structure",
    "form_status",
    "only_chinese",
    "reserved_word_count",
    "company_word_count",
    "taken",
)


def proposed_name_facts(
    inputs: Inputs, catalogues: dict, place: dict | None, reference: ReferenceData, matter_code: str
) -> Facts:
    field = next((f for f in NAME_FIELDS if f in inputs.form), "business_name")
    typed = inputs.typed("form", field)
    names = catalogues.get("names", {})
    if typed is None or (isinstance(typed.value, str) and not typed.value.strip()):
        where = Value(None, None, Evidence("form", field))
        return {
            "proposed_name.structure": derived(NOT_GIVEN, where),
            "proposed_name.form_status": derived(NOT_GIVEN, where),
            "proposed_name.only_chinese": derived(True, where),
            "proposed_name.reserved_word_count": derived(0, where),
            "proposed_name.company_word_count": derived(0, where),
            "proposed_name.taken": derived(False, where),
        }
    if not isinstance(typed.value, str) or place is None:
        return {f"proposed_name.{k}": unknown(Evidence("form", field)) for k in NAME_FACTS}
    entity = (names.get("entity_types_by_matter") or {}).get(matter_code, "")
    grammar = grammar_for(entity, names, catalogues.get("business_scope", {}), place)
    check = check_name(typed.value, grammar)
    key = name_key(typed.value)
    catalogue = Evidence("catalogue:names", entity or matter_code)
    return {
        "proposed_name.structure": derived(check.structure, typed).with_evidence(catalogue),
        "proposed_name.form_status": derived(check.form_status, typed).with_evidence(catalogue),
        "proposed_name.only_chinese": derived(check.only_chinese, typed),
        "proposed_name.reserved_word_count": derived(
            sum(name_key(w) in key for w in names.get("reserved_words", ())), typed
        ),
        "proposed_name.company_word_count": derived(
            sum(name_key(w) in key for w in names.get("company_words", ())), typed
        ),
        "proposed_name.taken": derived(reference.register_name_taken(key), typed).with_evidence(
            Evidence("reference:business_register", "name")
        ),
    }


def licence_and_register_facts(inputs: Inputs, reference: ReferenceData) -> Facts:
    facts: Facts = {}
    typed = inputs.typed("form", "credit_code")
    read = inputs.read(LICENCE, "credit_code")
    if read is None:
        facts["licence.credit_code_valid"] = unknown(inputs.where(LICENCE, "credit_code"))
        facts["licence.credit_code_matches_form"] = unknown(inputs.where(LICENCE, "credit_code"))
    else:
        facts["licence.credit_code_valid"] = derived(credit_code_valid(code(str(read.value))), read)
        facts["licence.credit_code_matches_form"] = (
            derived(code(str(read.value)) == code(typed.value), read, typed)
            if typed is not None and isinstance(typed.value, str)
            else unknown(Evidence("form", "credit_code"))
        )
    register_facts = ("register.entry_found", "register.operator_is_applicant", "register.name_matches_form")
    if typed is None or not isinstance(typed.value, str):
        facts.update({k: unknown(Evidence("form", "credit_code")) for k in register_facts})
        return facts
    entry = reference.register_entry_by_credit_code(code(typed.value))
    source = Evidence("reference:business_register", "credit_code")
    facts["register.entry_found"] = derived(entry is not None, typed).with_evidence(source)
    if entry is None:
        facts["register.operator_is_applicant"] = unknown(source)
        facts["register.name_matches_form"] = unknown(source)
        return facts
    name, number = inputs.typed("applicant", "name"), inputs.typed("applicant", "id_number")
    if name is None or number is None:
        facts["register.operator_is_applicant"] = unknown(Evidence("applicant", "id_number"))
    else:
        same = person_name(str(name.value)) == person_name(entry.operator_name) and code(
            str(number.value)
        ) == code(entry.operator_id_number)
        facts["register.operator_is_applicant"] = derived(same, name, number).with_evidence(source)
    business_name = inputs.typed("form", "business_name")
    facts["register.name_matches_form"] = (
        derived(name_key(business_name.value) == name_key(entry.name), business_name).with_evidence(source)
        if business_name is not None and isinstance(business_name.value, str)
        else unknown(Evidence("form", "business_name"))
    )
    return facts


def change_facts(inputs: Inputs, catalogues: dict, place: dict | None) -> Facts:
    address = inputs.typed("form", "new_business_address")
    scope = inputs.typed("form", "new_business_scope")
    anchor = Value(None, None, Evidence("form", "new_business_address"))
    facts: Facts = {"change.requested": derived(address is not None or scope is not None, address or anchor)}
    if address is None:
        facts["change.new_address_status"] = derived("not_given", anchor)
    elif not isinstance(address.value, str) or place is None:
        facts["change.new_address_status"] = unknown(address.evidence)
    else:
        inside = in_jurisdiction(address.value, place)
        facts["change.new_address_status"] = derived("inside" if inside else "outside", address)
    where = Evidence("form", "new_business_scope")
    counts = (0, 0) if scope is None else scope_counts(scope.value, catalogues.get("business_scope", {}))
    for index, name in enumerate(("change.new_scope_licensed_count", "change.new_scope_unknown_count")):
        facts[name] = (
            unknown(where) if counts is None else derived(counts[index], scope or Value(None, None, where))
        )
    return facts


def food_facts(inputs: Inputs, catalogues: dict) -> Facts:
    typed = inputs.typed("form", "food_categories")
    known = {plain(c) for c in catalogues.get("food_categories", {}).get("categories", ())}
    if typed is None or not isinstance(typed.value, list) or not all(isinstance(c, str) for c in typed.value):
        return {"food.category_unknown_count": unknown(Evidence("form", "food_categories"))}
    return {"food.category_unknown_count": derived(sum(plain(c) not in known for c in typed.value), typed)}
