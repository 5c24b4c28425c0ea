"""Facts about the applicant and their ID card."""

from __future__ import annotations

from datetime import date

from approval.evidence.sources import Inputs, Value, derived, unknown
from approval.evidence.text import code, person_name
from approval.reference_data import ReferenceData
from approval.ruleset.facts import Evidence, Fact, Facts
from ocr.codes import id_birth_date, id_number_valid, validity_years
from ocr.field_values import HESITANT
from ocr.normalize import add_years, age_on, parse_date
from ocr.print_alike import printed_readings
from ocr.reading import ID_CARD_BACK, ID_CARD_FRONT

FRONT, BACK = ID_CARD_FRONT, ID_CARD_BACK
LONG_TERM = "long-term"
# Where a name's match came from the stated name printed and read (the decision's evidence).
PRINTED_ALIKE = "derived:stated_name_printed"


def applicant_facts(inputs: Inputs, day: date, reference: ReferenceData) -> Facts:
    facts: Facts = {}
    number = inputs.typed("applicant", "id_number")
    where = Evidence("applicant", "id_number")
    text = code(number.value) if number and isinstance(number.value, str) else ""
    valid = bool(text) and id_number_valid(text, today=day)
    facts["applicant.id_number_valid"] = derived(valid, number) if number else unknown(where)
    born = id_birth_date(text) if valid else None
    if number is None or born is None:
        # Nothing below can be known without a valid ID number.
        for name in ("applicant.age", "applicant.blacklisted", "applicant.allowance_recipient"):
            facts[name] = unknown(where)
        return facts
    facts["applicant.age"] = derived(age_on(born, day), number)
    facts["applicant.blacklisted"] = derived(reference.is_blacklisted(text), number).with_evidence(
        Evidence("reference:credit_blacklist", "id_number")
    )
    facts["applicant.allowance_recipient"] = derived(
        reference.is_allowance_recipient(text), number
    ).with_evidence(Evidence("reference:allowance_recipients", "id_number"))
    return facts


# How sure the reading of a field must be for the applicant's identical statement of it to
# confirm it. The applicant's typing and the card's print are independent: a misreading that
# lands exactly on what the applicant typed is far less likely than either alone. An ID number
# must at least pass its check character unopposed (one voice, ``ocr.field_values.ONE_VOICE``);
# a name may have a character the recogniser hesitated over.
CONFIRMED_BY_STATEMENT = {"id_number": 0.85, "name": 0.7}
STATEMENT_AGREES = 0.95


# A stated name the recogniser had as a choice (not its first) at one character, or that the
# recogniser reads, printed plainly, exactly as it read the card (``ocr.print_alike``).
STATED_NAME_IN_PRINT = 0.92
# How likely the recogniser must have found the stated character for it to count.
STATED_CHARACTER_MIN = 0.01
# A character the recogniser hesitated over (below ``ocr.field_values.HESITANT``) counts as read
# when its first choice is this many times as likely as its second.
PREFERRED_BY = 5.0


def _print_allows(stated: str, candidates: list | None) -> bool:
    """Whether the stated name differs from the recogniser's first choices in one character at
    most, and there only by a character the recogniser itself considered."""
    if not candidates or len(stated) != len(candidates):
        return False
    differing = 0
    for char, choices in zip(stated, candidates, strict=True):
        if not choices or choices[0][0] == char:
            continue
        differing += 1
        if not any(text == char and p >= STATED_CHARACTER_MIN for text, p in choices[1:]):
            return False
    return differing == 1


def _print_prefers(stated: str, candidates: list | None) -> bool:
    """Whether the recogniser's first choice at every character is the stated one, and, where it
    hesitated, by a wide margin over its next choice (隗 at 0.41 over 隅 at 0.06): a rare
    character it is unsure of only because it seldom sees it."""
    if not candidates or len(stated) != len(candidates):
        return False
    for char, choices in zip(stated, candidates, strict=True):
        if not choices or choices[0][0] != char:
            return False
        runner_up = choices[1][1] if len(choices) > 1 else 0.0
        if choices[0][1] < HESITANT and choices[0][1] < PREFERRED_BY * runner_up:
            return False
    return True


def id_card_facts(inputs: Inputs, day: date) -> Facts:
    name, number = inputs.typed("applicant", "name"), inputs.typed("applicant", "id_number")
    return {
        "applicant.name_matches_id_card": card_matches(inputs, "name", name),
        "applicant.id_number_matches_id_card": card_matches(inputs, "id_number", number),
        "id_card.valid_on_application_date": card_valid(inputs, day),
    }


def card_matches(inputs: Inputs, field: str, typed: Value | None, front: str | None = None) -> Fact:
    """Whether the stated name or ID number is what the card (the matter's photo-side
    material, or ``front``) shows."""
    normalise = person_name if field == "name" else code
    read = inputs.read(FRONT, field, front)
    if typed is None or read is None or not isinstance(typed.value, str):
        return unknown(inputs.where(FRONT, field, front))
    same = normalise(typed.value) == normalise(str(read.value))
    fact = derived(same, read, typed)
    stated = person_name(typed.value)
    if field == "name" and not same and _print_allows(stated, inputs.candidates(FRONT, field, front)):
        # The recogniser's first choice differs in one character, and the name as stated
        # was among its choices there: a rare character read as its common look-alike
        # (冼 as 洗). The stated name is what the print shows.
        return Fact(True, STATED_NAME_IN_PRINT, fact.evidence)
    sure_enough = read.confidence is not None and read.confidence >= CONFIRMED_BY_STATEMENT[field]
    if (
        field == "name"
        and same
        and not sure_enough
        and _print_prefers(stated, inputs.candidates(FRONT, field, front))
    ):
        # Read as stated, hesitantly only where the recogniser still clearly preferred the
        # stated character: the statement settles it.
        return Fact(True, STATED_NAME_IN_PRINT, fact.evidence)
    if (
        field == "name"
        and not same
        and sure_enough
        and person_name(str(read.value)) in printed_readings(stated)
    ):
        # The recogniser reads the stated name, printed plainly, just as it read the card (亓
        # as 元 whatever the picture): the card is what a card with the stated name looks like
        # to it. A stated name of common characters reads as itself, so never gets here; nor
        # does a reading that left a character unread (it is not sure enough).
        return Fact(True, STATED_NAME_IN_PRINT, (*fact.evidence, Evidence(PRINTED_ALIKE, field)))
    if same and sure_enough and read.confidence < STATEMENT_AGREES:
        # Two independent sources state the same value: the match is as sure as that.
        return Fact(True, STATEMENT_AGREES, fact.evidence)
    return fact


def card_valid(inputs: Inputs, day: date, front: str | None = None, back: str | None = None) -> Fact:
    """Whether the card (the matter's, or the one in ``front``/``back``) is valid on ``day``."""
    until = inputs.read(BACK, "valid_until", back)
    start = inputs.read(BACK, "valid_from", back)
    if until is None:
        return unknown(inputs.where(BACK, "valid_until", back))
    end = None if until.value == LONG_TERM else parse_date(str(until.value))
    if until.value != LONG_TERM and end is None:
        return unknown(inputs.where(BACK, "valid_until", back))
    begin = parse_date(str(start.value)) if start is not None else None
    valid = (end is None or day <= end) and (begin is None or begin <= day)
    fact = derived(valid, until, start if begin is not None else None)
    # The holder's birth date as the card's number states it (read by both recognisers).
    born = inputs.read(FRONT, "id_number", front)
    birth = id_birth_date(code(str(born.value))) if born is not None else None
    if birth is not None and begin is not None and not _term_fits_age(birth, begin, until.value):
        # A card runs 5, 10 or 20 years or for life according to the holder's age when it was
        # issued (GA 490): a validity that does not fit was misread, or the card is not genuine.
        return Fact(fact.value, min(fact.confidence or 0.0, TERM_MISFITS_AGE),
                    (*fact.evidence, born.evidence))  # fmt: skip
    return fact


# What a validity that does not fit the holder's age at issue is worth: a reviewer looks.
TERM_MISFITS_AGE = 0.5


def _term_fits_age(birth: date, issued: date, until: object) -> bool:
    years = validity_years(age_on(birth, issued))
    expected = LONG_TERM if years is None else add_years(issued, years).isoformat()
    return until == expected
