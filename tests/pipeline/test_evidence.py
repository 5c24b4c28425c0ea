"""Evidence: the facts the rules see, derived from the form, the readings and reference data."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from approval.evidence import build_facts, identity
from approval.pipeline.case_file import CaseFile
from approval.reference_data import InMemoryReferenceData
from devtools.synthetic import make_person
from tests.support import IBR, SENIOR, back_reading, front_reading, new_person, registration

JURISDICTION = ("320614", "海门区")


def facts_of(book, submission, readings, day, reference=None, jurisdiction=JURISDICTION):
    matter = book.matters[submission["matter"]]
    return build_facts(
        matter,
        submission,
        readings,
        day,
        reference or InMemoryReferenceData(),
        jurisdiction[0],
        book.catalogues,
    )


def card_readings(person, **front_changes):
    return {"id_card_front": front_reading(person, **front_changes), "id_card_back": back_reading(person)}


def value(facts, name):
    return facts[name].value


# -- age and application date ------------------------------------------------------------------
def test_application_date_is_the_date_in_china():
    # 17:30 UTC on 1 March is already 2 March in Beijing.
    case = CaseFile("c", IBR, {}, {}, received_at=dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC))
    assert case.application_date == dt.date(2026, 3, 2)
    case = CaseFile("c", IBR, {}, {}, received_at=dt.datetime(2026, 3, 1, 15, 59, tzinfo=dt.UTC))
    assert case.application_date == dt.date(2026, 3, 1)


def test_age_turns_over_on_the_birthday_in_china_time(book):
    born = dt.date(2008, 3, 2)
    p = make_person(random.Random(3), birth_date=born, today=dt.date(2026, 3, 1))
    sub = registration(p)
    evening_utc = CaseFile("c", IBR, sub, {}, received_at=dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC))
    assert value(facts_of(book, sub, card_readings(p), evening_utc.application_date), "applicant.age") == 18
    assert value(facts_of(book, sub, card_readings(p), dt.date(2026, 3, 1)), "applicant.age") == 17


def test_age_comes_from_the_typed_id_number(book):
    p = new_person(11, age=40)
    facts = facts_of(book, registration(p), card_readings(p), dt.date.today())
    assert value(facts, "applicant.id_number_valid") is True
    assert value(facts, "applicant.age") == 40
    assert facts["applicant.age"].confidence is None  # typed by the applicant: certain


def test_invalid_id_number_leaves_age_unknown(book):
    p = new_person(12, age=40)
    sub = registration(p)
    sub["applicant"]["id_number"] = p.id_number[:-1] + ("0" if p.id_number[-1] != "0" else "1")
    facts = facts_of(book, sub, card_readings(p), dt.date.today())
    assert value(facts, "applicant.id_number_valid") is False
    assert value(facts, "applicant.age") is None
    assert value(facts, "applicant.blacklisted") is None


def test_blacklist_is_looked_up_by_id_number(book):
    p = new_person(13, age=40)
    listed = InMemoryReferenceData(blacklist={p.id_number.upper()})
    facts = facts_of(book, registration(p), card_readings(p), dt.date.today(), reference=listed)
    assert value(facts, "applicant.blacklisted") is True
    assert (
        value(facts_of(book, registration(p), card_readings(p), dt.date.today()), "applicant.blacklisted")
        is False
    )


# -- ID card validity --------------------------------------------------------------------------
@pytest.fixture
def holder():
    return make_person(
        random.Random(5),
        birth_date=dt.date(1980, 5, 5),
        issued_on=dt.date(2016, 6, 1),
        valid_until=dt.date(2036, 6, 1),
        today=dt.date(2026, 1, 1),
    )


@pytest.mark.parametrize(
    ("back_changes", "day", "expected"),
    [
        ({}, dt.date(2026, 1, 1), True),
        ({}, dt.date(2036, 6, 1), True),  # the last day printed is still valid
        ({}, dt.date(2036, 6, 2), False),
        ({"valid_from": "2026-02-01"}, dt.date(2026, 1, 1), False),  # not yet in force
        ({"valid_until": "long-term"}, dt.date(2090, 1, 1), True),
        ({"valid_until": "20XX-??-01"}, dt.date(2026, 1, 1), None),  # unreadable: unknown
    ],
)
def test_id_card_validity_on_the_application_date(book, holder, back_changes, day, expected):
    readings = {"id_card_front": front_reading(holder), "id_card_back": back_reading(holder, **back_changes)}
    facts = facts_of(book, registration(holder), readings, day)
    assert value(facts, "id_card.valid_on_application_date") is expected


def test_card_validity_carries_the_ocr_confidence(book, holder):
    readings = {"id_card_front": front_reading(holder), "id_card_back": back_reading(holder, confidence=0.61)}
    fact = facts_of(book, registration(holder), readings, dt.date(2026, 1, 1))[
        "id_card.valid_on_application_date"
    ]
    assert fact.confidence == pytest.approx(0.61)
    assert fact.evidence[0].source == "document:id_card_back"


def test_missing_back_leaves_validity_unknown_and_names_the_part(book, holder):
    facts = facts_of(
        book, registration(holder), {"id_card_front": front_reading(holder)}, dt.date(2026, 1, 1)
    )
    fact = facts["id_card.valid_on_application_date"]
    assert fact.value is None
    assert (fact.evidence[0].source, fact.evidence[0].field) == ("document:id_card_back", "valid_until")


# -- name and number matching -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "read", "expected"),
    [
        ("阿依古丽·买买提", "阿依古丽买买提", True),  # OCR drops the 中间点
        ("阿依古丽.买买提", "阿依古丽·买买提", True),
        ("阿依古丽•买买提", "阿依古丽・买买提", True),
        ("阿依古丽 买买提", "阿依古丽．买买提", True),
        ("阿依古丽·买买提", "阿依古丽·吐尔逊", False),
        ("王伟", "王玮", False),
    ],
)
def test_name_match_ignores_how_the_middle_dot_is_written(book, typed, read, expected):
    p = new_person(21, age=33, name="阿依古丽·买买提")
    sub = registration(p)
    sub["applicant"]["name"] = typed
    facts = facts_of(book, sub, card_readings(p, name=read), dt.date.today())
    assert value(facts, "applicant.name_matches_id_card") is expected


def test_full_width_and_lower_case_id_number_is_the_same_number(book):
    p = next(q for q in (new_person(seed, age=50) for seed in range(1000)) if q.id_number.endswith("X"))
    typed = p.id_number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "ｘ"
    sub = registration(p)
    sub["applicant"]["id_number"] = typed
    facts = facts_of(book, sub, card_readings(p), dt.date.today())
    assert value(facts, "applicant.id_number_valid") is True
    assert value(facts, "applicant.id_number_matches_id_card") is True


def test_different_id_number_does_not_match(book):
    p, other = new_person(23, age=50), new_person(24, age=50)
    sub = registration(p)
    facts = facts_of(book, sub, card_readings(p, id_number=other.id_number), dt.date.today())
    assert value(facts, "applicant.id_number_matches_id_card") is False


def _with_confidence(reading: dict, field: str, confidence: float) -> dict:
    reading["fields"][field]["confidence"] = confidence
    return reading


@pytest.mark.parametrize(
    ("field", "fact", "read_confidence", "expected"),
    [
        # One voice, check character passed, unopposed: the applicant's identical number confirms.
        ("id_number", "applicant.id_number_matches_id_card", 0.85, 0.95),
        # Contradicted by the other recogniser: the applicant's statement does not rescue it.
        ("id_number", "applicant.id_number_matches_id_card", 0.5, 0.5),
        # A character the recogniser hesitated over, read as the applicant wrote it.
        ("name", "applicant.name_matches_id_card", 0.77, 0.95),
        ("name", "applicant.name_matches_id_card", 0.4, 0.4),
        # Already confirmed by both recognisers: left as it is.
        ("name", "applicant.name_matches_id_card", 0.98, 0.98),
    ],
)
def test_the_applicants_identical_statement_confirms_a_fair_reading(book, field, fact, read_confidence,
                                                                    expected):  # fmt: skip
    p = new_person(26, age=40)
    readings = card_readings(p)
    _with_confidence(readings["id_card_front"], field, read_confidence)
    facts = facts_of(book, registration(p), readings, dt.date.today())
    assert value(facts, fact) is True
    assert facts[fact].confidence == pytest.approx(expected)


def _name_read_as(person, read: str, candidates: list) -> dict:
    readings = card_readings(person, name=read)
    readings["id_card_front"]["fields"]["name"]["candidates"] = candidates
    return readings


def test_a_stated_name_the_print_allowed_at_one_character_matches(book):
    # 冼 (a rare surname) read as its common look-alike 洗, with 冼 the recogniser's second choice.
    p = new_person(31, age=40, name="冼明萍")
    lattice = [[["洗", 0.93], ["冼", 0.018]], [["明", 0.99], ["月", 0.001]], [["萍", 0.99]]]
    facts = facts_of(book, registration(p), _name_read_as(p, "洗明萍", lattice), dt.date.today())
    fact = facts["applicant.name_matches_id_card"]
    assert fact.value is True and fact.confidence >= 0.9


@pytest.mark.parametrize(
    "lattice",
    [
        [[["洗", 0.99], ["沈", 0.005]], [["明", 0.99]], [["萍", 0.99]]],  # 冼 not among the choices
        [[["洗", 0.93], ["冼", 0.002]], [["明", 0.99]], [["萍", 0.99]]],  # too unlikely to count
        [[["洗", 0.9], ["冼", 0.05]], [["月", 0.9], ["明", 0.05]], [["萍", 0.99]]],  # two characters off
    ],
)
def test_a_stated_name_the_print_does_not_allow_does_not_match(book, lattice, monkeypatch):
    # The lattice alone: how the stated name reads when printed is another test's business.
    monkeypatch.setattr(identity, "printed_readings", lambda text: frozenset({text}))
    p = new_person(31, age=40, name="冼明萍")
    read = "".join(choices[0][0] for choices in lattice)
    facts = facts_of(book, registration(p), _name_read_as(p, read, lattice), dt.date.today())
    assert facts["applicant.name_matches_id_card"].value is False


def test_a_stated_rare_surname_the_recogniser_steadily_misreads_matches_the_card_read_that_way(book):
    # PP-OCR reads 亓 as 元 whatever the picture; printed plainly, 亓锦娟 reads as 元锦娟 too.
    p = new_person(32, age=40, name="亓锦娟")
    facts = facts_of(book, registration(p), card_readings(p, name="元锦娟"), dt.date.today())
    fact = facts["applicant.name_matches_id_card"]
    assert fact.value is True and fact.confidence >= 0.9
    assert identity.PRINTED_ALIKE in [e.source for e in fact.evidence]


@pytest.mark.parametrize(
    ("lattice", "confirmed"),
    [
        ([[["隗", 0.41], ["隅", 0.06]], [["宁", 0.99]], [["爽", 0.99]]], True),  # a clear first choice
        ([[["隗", 0.41], ["隅", 0.2]], [["宁", 0.99]], [["爽", 0.99]]], False),  # no wide margin
        (None, False),  # a name with a character left unread offers no choices
    ],
)
def test_a_hesitant_reading_of_exactly_the_stated_name_is_confirmed_where_the_choice_was_clear(
    book, lattice, confirmed
):
    p = new_person(33, age=40, name="隗宁爽")
    readings = {"id_card_front": front_reading(p, 0.6), "id_card_back": back_reading(p)}
    if lattice is not None:
        readings["id_card_front"]["fields"]["name"]["candidates"] = lattice
    fact = facts_of(book, registration(p), readings, dt.date.today())["applicant.name_matches_id_card"]
    assert fact.value is True
    assert (fact.confidence >= 0.9) is confirmed


def test_a_card_read_unsurely_as_the_stated_names_look_alike_is_not_confirmed_by_it(book):
    p = new_person(32, age=40, name="亓锦娟")
    readings = {"id_card_front": front_reading(p, 0.6, name="元锦娟"), "id_card_back": back_reading(p)}
    fact = facts_of(book, registration(p), readings, dt.date.today())["applicant.name_matches_id_card"]
    assert fact.confidence < 0.9


def test_a_stated_name_of_common_characters_never_matches_a_card_read_otherwise(book):
    # The card says 亓锦娟 (read as 元锦娟); the applicant states 王锦娟, which prints as itself.
    p = new_person(32, age=40, name="亓锦娟")
    sub = registration(p)
    sub["applicant"]["name"] = "王锦娟"
    facts = facts_of(book, sub, card_readings(p, name="元锦娟"), dt.date.today())
    assert facts["applicant.name_matches_id_card"].value is False


def test_a_doubtful_reading_that_differs_from_the_statement_stays_doubtful(book):
    p, other = new_person(27, age=40), new_person(28, age=40)
    readings = card_readings(p, id_number=other.id_number)
    _with_confidence(readings["id_card_front"], "id_number", 0.85)
    facts = facts_of(book, registration(p), readings, dt.date.today())
    assert value(facts, "applicant.id_number_matches_id_card") is False
    assert facts["applicant.id_number_matches_id_card"].confidence == pytest.approx(0.85)


def test_a_validity_that_does_not_fit_the_age_at_issue_is_left_to_a_reviewer(book):
    # The card's term follows the age at issue; one of another length is misread or not genuine.
    p = new_person(29, age=45)
    readings = card_readings(p)
    start = p.valid_from
    term = (p.valid_until.year - start.year) if p.valid_until else None
    until = start.replace(year=start.year + (10 if term != 10 else 20))
    readings["id_card_back"]["fields"]["valid_until"]["value"] = until.isoformat()
    facts = facts_of(book, registration(p), readings, dt.date.today())
    fact = facts["id_card.valid_on_application_date"]
    assert fact.confidence <= 0.5
    assert ("document:id_card_front", "id_number") in {(e.source, e.field) for e in fact.evidence}


def test_a_validity_that_fits_the_age_at_issue_keeps_its_confidence(book):
    p = new_person(30, age=45)
    facts = facts_of(book, registration(p), card_readings(p), dt.date.today())
    assert facts["id_card.valid_on_application_date"].confidence == pytest.approx(0.98)


def test_a_document_of_the_wrong_kind_is_never_used(book):
    p = new_person(25, age=40)
    readings = {"id_card_front": back_reading(p), "id_card_back": back_reading(p)}
    facts = facts_of(book, registration(p), readings, dt.date.today())
    assert value(facts, "applicant.name_matches_id_card") is None
    assert value(facts, "applicant.id_number_matches_id_card") is None


# -- business scope and location --------------------------------------------------------------
def test_scope_counts_licensed_and_uncatalogued_items(book):
    p = new_person(31)
    sub = registration(p, business_scope=["日用百货销售", "食品销售", "区块链技术咨询", " 五金产品零售 "])
    facts = facts_of(book, sub, card_readings(p), dt.date.today())
    assert value(facts, "business.scope_count") == 4
    assert value(facts, "business.scope_licensed_count") == 1
    assert value(facts, "business.scope_unknown_count") == 1


def test_full_width_scope_item_is_the_catalogued_term(book):
    p = new_person(32)
    sub = registration(p, business_scope=["食品销售（仅销售预包装食品）", "日用百货销售"])
    facts = facts_of(book, sub, card_readings(p), dt.date.today())
    assert value(facts, "business.scope_unknown_count") == 0
    sub = registration(p, business_scope=["食品销售(仅销售预包装食品)"])  # half-width brackets
    facts = facts_of(book, sub, card_readings(p), dt.date.today())
    assert value(facts, "business.scope_unknown_count") == 0
    assert value(facts, "business.scope_licensed_count") == 1


@pytest.mark.parametrize(
    ("address", "region", "address_ok", "region_ok"),
    [
        ("江苏省南通市海门区长江路88号", "320614", True, True),
        ("江苏省 南通市 海门区 长江路８８号", "320614", True, True),
        ("海门区长江路88号", "320614", True, True),
        ("江苏省南通市崇川区人民路1号", "320602", False, False),
        ("上海市海门区路1号", "320684", False, False),  # 320684 is a household code, not a business one
    ],
)
def test_jurisdiction_of_the_business(book, address, region, address_ok, region_ok):
    p = new_person(33)
    sub = registration(p, business_address=address, region_code=region)
    facts = facts_of(book, sub, card_readings(p), dt.date.today())
    assert value(facts, "business.address_in_jurisdiction") is address_ok
    assert value(facts, "business.region_in_jurisdiction") is region_ok


def test_jurisdiction_is_configuration(book):
    """A deployment configured for a jurisdiction the catalogue lacks can judge nothing."""
    p = new_person(34)
    facts = facts_of(
        book, registration(p), card_readings(p), dt.date.today(), jurisdiction=("110101", "东城区")
    )
    assert value(facts, "business.address_in_jurisdiction") is None
    assert value(facts, "business.region_in_jurisdiction") is None


@pytest.mark.parametrize(("household", "inside"), [("320614", True), ("320684", True), ("320602", False)])
def test_household_before_the_2020_region_change_is_inside(book, household, inside):
    p = new_person(35, age=85)
    sub = {
        "matter": SENIOR,
        "applicant": {"name": p.name, "id_number": p.id_number},
        "form": {"household_region_code": household, "bank_account": "6217000000000000000"},
        "declarations": {"information_true": True},
    }
    facts = facts_of(book, sub, card_readings(p), dt.date.today())
    assert value(facts, "household.region_in_jurisdiction") is inside


def test_no_business_name_is_not_given_rather_than_unknown(book):
    p = new_person(36)
    facts = facts_of(book, registration(p), card_readings(p), dt.date.today())
    assert value(facts, "proposed_name.structure") == "not_given"
    named = registration(p, business_name="海门区嘉禾便利店")
    assert (
        value(facts_of(book, named, card_readings(p), dt.date.today()), "proposed_name.structure") == "valid"
    )
