"""Facts about a limited company whose shareholders are all natural persons (公司法, 2023
revision): every shareholder's card read and checked against the form, the subscriptions, the
officers and who may hold which office.

Facts about several people are aggregated the way a fail-safe decision needs them: "every
card matches" is true only when each one does, false as soon as one does not, and unknown
when any is unknown; its confidence is the least of the readings it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from approval.evidence.identity import card_matches, card_valid
from approval.evidence.sources import Inputs, Value, derived, unknown
from approval.evidence.text import code
from approval.reference_data import ReferenceData
from approval.ruleset.facts import Evidence, Fact, Facts
from ocr.codes import id_birth_date, id_number_valid
from ocr.normalize import add_years, age_on, parse_date

SHAREHOLDERS = "shareholders"
LEGAL_REPRESENTATIVE = "legal_representative"


@dataclass(frozen=True)
class Person:
    """Someone named in the form, with where their statement and their card are."""

    name: Value | None
    id_number: Value | None
    front: str | None = None  # material holding their card's photo side
    back: str | None = None

    @property
    def number(self) -> str:
        return code(self.id_number.value) if self.id_number and isinstance(self.id_number.value, str) else ""


def person_in_form(entry: Any, path: str, front: str | None = None, back: str | None = None) -> Person:
    entry = entry if isinstance(entry, dict) else {}
    name, number = entry.get("name"), entry.get("id_number")
    return Person(
        Value(name, None, Evidence("form", f"{path}.name")) if isinstance(name, str) else None,
        Value(number, None, Evidence("form", f"{path}.id_number")) if isinstance(number, str) else None,
        front,
        back,
    )


def all_of(facts: Iterable[Fact], where: Evidence) -> Fact:
    """True when every fact is true (with the least confidence), false when one is false
    (that one's evidence), unknown otherwise."""
    facts = list(facts)
    if not facts:
        return unknown(where)
    false = [f for f in facts if f.value is False]
    if false:
        return false[0]
    if any(f.value is not True for f in facts):
        return unknown(*(e for f in facts if f.value is not True for e in f.evidence))
    confidences = [f.confidence for f in facts if f.confidence is not None]
    evidence = tuple(e for f in facts for e in f.evidence)
    return Fact(True, min(confidences) if confidences else None, evidence)


def company_facts(inputs: Inputs, day: date, reference: ReferenceData) -> Facts:
    form = inputs.form
    entries = form.get(SHAREHOLDERS)
    where = Evidence("form", SHAREHOLDERS)
    if not isinstance(entries, list) or not entries:
        return {name: unknown(where) for name in COMPANY_FACTS}
    shareholders = [
        person_in_form(
            e,
            f"{SHAREHOLDERS}[{i}]",
            f"shareholder_{i + 1}_id_card_front",
            f"shareholder_{i + 1}_id_card_back",
        )
        for i, e in enumerate(entries)
    ]
    facts: Facts = {}
    facts.update(_shareholder_facts(inputs, day, shareholders, reference))
    facts.update(_capital_facts(inputs, day, entries))
    facts.update(_officer_facts(inputs, day, shareholders, reference))
    return facts


def id_valid(person: Person, day: date) -> Fact:
    if person.id_number is None:
        return unknown(Evidence("form", "id_number"))
    return derived(bool(person.number) and id_number_valid(person.number, today=day), person.id_number)


def _age(person: Person, day: date) -> Fact:
    born = (
        id_birth_date(person.number) if person.number and id_number_valid(person.number, today=day) else None
    )
    return derived(age_on(born, day), person.id_number) if born else unknown(Evidence("form", "id_number"))


def _shareholder_facts(inputs: Inputs, day: date, people: list[Person], reference: ReferenceData) -> Facts:
    where = Evidence("form", SHAREHOLDERS)
    valid = [id_valid(p, day) for p in people]
    numbers = [p.number for p in people]
    facts: Facts = {
        "shareholders.id_numbers_valid": all_of(valid, where),
        "shareholders.distinct": derived(len(set(numbers)) == len(numbers), *(p.id_number for p in people)),
        "shareholders.names_match_id_cards": all_of(
            (card_matches(inputs, "name", p.name, p.front) for p in people), where
        ),
        "shareholders.id_numbers_match_id_cards": all_of(
            (card_matches(inputs, "id_number", p.id_number, p.front) for p in people), where
        ),
        "shareholders.id_cards_valid": all_of(
            (card_valid(inputs, day, p.front, p.back) for p in people), where
        ),
    }
    facts["shareholders.youngest_age"] = youngest(people, day, where)
    facts["shareholders.blacklisted_count"] = _blacklisted(people, reference, where)
    return facts


def youngest(people: list[Person], day: date, where: Evidence) -> Fact:
    """The age of the youngest of ``people`` (unknown when anyone's is)."""
    ages = [_age(p, day) for p in people]
    if not ages or any(a.value is None for a in ages):
        return unknown(where)
    return min(ages, key=lambda a: a.value)


def _blacklisted(people: list[Person], reference: ReferenceData, where: Evidence) -> Fact:
    if any(not p.number for p in people):
        return unknown(where)
    count = sum(reference.is_blacklisted(p.number) for p in people)
    return derived(count, *(p.id_number for p in people)).with_evidence(
        Evidence("reference:credit_blacklist", "id_number")
    )


def _capital_facts(inputs: Inputs, day: date, entries: list) -> Facts:
    capital = inputs.typed("form", "registered_capital_cny")
    amounts = [e.get("subscribed_cny") if isinstance(e, dict) else None for e in entries]
    dues = [parse_date(str(e.get("contribution_due"))) if isinstance(e, dict) else None for e in entries]
    where = Evidence("form", SHAREHOLDERS)
    facts: Facts = {}
    numeric = all(isinstance(a, int | float) and not isinstance(a, bool) for a in amounts)
    if capital is None or not isinstance(capital.value, int | float) or not numeric:
        facts["capital.subscriptions_sum_to_capital"] = unknown(where)
    else:
        # Amounts in yuan with at most fen: compared in fen so 0.1 + 0.2 is 0.3.
        total = sum(round(a * 100) for a in amounts)
        facts["capital.subscriptions_sum_to_capital"] = derived(total == round(capital.value * 100), capital)
    if any(d is None for d in dues):
        facts["capital.contribution_years"] = unknown(where)
    else:
        facts["capital.contribution_years"] = Fact(years_until(day, max(dues)), None, (where,))
    return facts


def years_until(day: date, due: date) -> int:
    """The fewest whole years from ``day`` (establishment) that reach ``due``."""
    years = 0
    while add_years(day, years) < due and years < MAX_YEARS:
        years += 1
    return years


MAX_YEARS = 999


def _officer_facts(inputs: Inputs, day: date, shareholders: list[Person], reference: ReferenceData) -> Facts:
    form = inputs.form
    directors_raw = form.get("directors") if isinstance(form.get("directors"), list) else []
    directors = [person_in_form(d, f"directors[{i}]") for i, d in enumerate(directors_raw)]
    manager = (
        person_in_form(form.get("manager"), "manager") if isinstance(form.get("manager"), dict) else None
    )
    supervisor = (
        person_in_form(form.get("supervisor"), "supervisor")
        if isinstance(form.get("supervisor"), dict)
        else None
    )
    stated = person_in_form(form.get(LEGAL_REPRESENTATIVE), LEGAL_REPRESENTATIVE)
    facts: Facts = {}
    where = Evidence("form", LEGAL_REPRESENTATIVE)
    # The legal representative's card: a shareholder's own card, or one given for them.
    holder = next((s for s in shareholders if stated.number and s.number == stated.number), None)
    own = "legal_representative_id_card_front"
    given = own in inputs.readings  # uploaded (and so read)
    card_owner = holder or Person(stated.name, stated.id_number, own, "legal_representative_id_card_back")
    facts["legal_representative.card_given"] = derived(holder is not None or given, stated.id_number)
    facts["legal_representative.name_matches_id_card"] = card_matches(
        inputs, "name", stated.name, card_owner.front
    )
    facts["legal_representative.id_number_matches_id_card"] = card_matches(
        inputs, "id_number", stated.id_number, card_owner.front
    )
    facts["legal_representative.id_card_valid"] = card_valid(inputs, day, card_owner.front, card_owner.back)
    facts["legal_representative.age"] = _age(stated, day)
    # 公司法 第十条: a director who carries out the company's affairs, or the manager.
    eligible = {p.number for p in (*directors, *([manager] if manager else [])) if p.number}
    facts["legal_representative.is_director_or_manager"] = (
        derived(stated.number in eligible, stated.id_number) if stated.number else unknown(where)
    )
    officers = [*directors, *([manager] if manager else []), *([supervisor] if supervisor else []), stated]
    facts["officers.id_numbers_valid"] = all_of(
        (id_valid(p, day) for p in officers), Evidence("form", "directors")
    )
    facts["officers.blacklisted_count"] = _blacklisted(officers, reference, Evidence("form", "directors"))
    facts["officers.youngest_age"] = youngest(officers, day, Evidence("form", "directors"))
    facts["officers.board_size_allowed"] = derived(
        len(directors) == 1 or len(directors) >= 3, Value(len(directors), None, Evidence("form", "directors"))
    )
    facts["officers.supervisor_status"] = _supervisor_status(inputs, supervisor, directors, manager)
    applicant = code(str(inputs.applicant.get("id_number") or ""))
    parties = {p.number for p in (*shareholders, stated) if p.number}
    facts["applicant.is_party"] = derived(
        applicant in parties, Value(applicant, None, Evidence("applicant", "id_number"))
    )
    return facts


def _supervisor_status(
    inputs: Inputs, supervisor: Person | None, directors: list[Person], manager: Person | None
) -> Fact:
    """公司法 第七十六条、第八十三条: one supervisor, or none when all shareholders agree; a
    director or senior manager may not be the supervisor."""
    none_agreed = inputs.form.get("no_supervisor") is True
    where = Value(None, None, Evidence("form", "supervisor"))
    if supervisor is None:
        return derived("none_agreed" if none_agreed else "missing", where)
    if none_agreed:
        return derived("contradictory", where)
    office_holders = {p.number for p in (*directors, *([manager] if manager else [])) if p.number}
    if not supervisor.number:
        return unknown(Evidence("form", "supervisor.id_number"))
    return derived("conflict" if supervisor.number in office_holders else "independent", supervisor.id_number)


COMPANY_FACTS = (
    "shareholders.id_numbers_valid",
    "shareholders.distinct",
    "shareholders.names_match_id_cards",
    "shareholders.id_numbers_match_id_cards",
    "shareholders.id_cards_valid",
    "shareholders.youngest_age",
    "shareholders.blacklisted_count",
    "capital.subscriptions_sum_to_capital",
    "capital.contribution_years",
    "legal_representative.card_given",
    "legal_representative.name_matches_id_card",
    "legal_representative.id_number_matches_id_card",
    "legal_representative.id_card_valid",
    "legal_representative.age",
    "legal_representative.is_director_or_manager",
    "officers.id_numbers_valid",
    "officers.blacklisted_count",
    "officers.youngest_age",
    "officers.board_size_allowed",
    "officers.supervisor_status",
    "applicant.is_party",
)
