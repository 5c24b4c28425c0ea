"""有限责任公司设立登记（自然人股东）: every shareholder's card read and checked, capital,
officers and who may hold which office; each rule passes, fails and is undetermined."""

from __future__ import annotations

import pytest

from approval.pipeline import runner
from approval.reference_data import InMemoryReferenceData
from tests.support import (
    back_reading,
    company,
    company_cards,
    fake_image,
    front_reading,
    new_person,
)


@pytest.fixture
def people():
    return [new_person(500 + i, age=30 + 3 * i) for i in range(3)]


def decide(make_case, deps, submission, documents):
    return runner.decide(make_case(submission, documents, with_matter=False), deps)


def outcome(case, rule_id):
    return next(r.outcome for r in case.evaluation.results if r.rule_id == rule_id)


def codes(case):
    return sorted({r.code for r in case.reasons})


def test_three_natural_person_shareholders_are_approved(make_case, deps, people):
    case = decide(make_case, deps, company(people), company_cards(people))
    assert case.status == "approved", codes(case)
    assert all(str(r.outcome) == "passed" for r in case.evaluation.results)


def test_ten_shareholders_each_card_checked(make_case, deps):
    many = [new_person(700 + i, age=25 + i) for i in range(10)]
    case = decide(make_case, deps, company(many), company_cards(many))
    assert case.status == "approved", codes(case)
    used = {e.source for e in case.facts["shareholders.id_numbers_match_id_cards"].evidence}
    assert {f"document:shareholder_{n}_id_card_front" for n in range(1, 11)} <= used


def test_a_missing_card_of_any_shareholder_is_named(make_case, deps, people):
    cards = company_cards(people)
    del cards["shareholder_3_id_card_front"], cards["shareholder_2_id_card_back"]
    case = decide(make_case, deps, company(people), cards)
    assert case.status == "returned"
    missing = sorted(r.field for r in case.reasons if r.code == "material.missing")
    assert missing == ["shareholder_2_id_card_back", "shareholder_3_id_card_front"]


def test_a_card_that_is_someone_else_s_routes(make_case, deps, people):
    cards = company_cards(people)
    stranger = new_person(901, age=50)
    cards["shareholder_2_id_card_front"] = fake_image(front_reading(stranger))
    case = decide(make_case, deps, company(people), cards)
    assert case.status == "routed"
    assert outcome(case, "shareholders.names_match_id_cards") == "failed"
    assert outcome(case, "shareholders.id_numbers_match_id_cards") == "failed"


def test_a_doubtful_reading_of_one_card_is_undetermined_not_passed(make_case, deps, people):
    cards = company_cards(people)
    cards["shareholder_3_id_card_front"] = fake_image(front_reading(people[2], confidence=0.6))
    case = decide(make_case, deps, company(people), cards)
    assert case.status == "routed"
    assert outcome(case, "shareholders.id_numbers_match_id_cards") == "undetermined"


def test_an_expired_card_is_returned(make_case, deps, people):
    cards = company_cards(people)
    cards["shareholder_1_id_card_back"] = fake_image(
        back_reading(people[0], valid_from="2010-01-01", valid_until="2015-01-01")
    )
    case = decide(make_case, deps, company(people), cards)
    assert outcome(case, "shareholders.id_cards_valid") == "failed"
    assert case.status == "returned"


def test_subscriptions_must_add_up_to_the_capital(make_case, deps, people):
    sub = company(people, registered_capital_cny=1_000_000)
    case = decide(make_case, deps, sub, company_cards(people))
    assert outcome(case, "capital.subscriptions_sum") == "failed"
    assert case.status == "returned"


def test_contributions_are_due_within_five_years(make_case, deps, people):
    sub = company(people)
    sub["form"]["shareholders"][1]["contribution_due"] = "2099-12-31"
    case = decide(make_case, deps, sub, company_cards(people))
    assert outcome(case, "capital.contribution_due") == "failed"
    message = next(r.message for r in case.reasons if r.code == "capital.contribution_due")
    assert "5年内" in message


def test_a_minor_shareholder_routes(make_case, deps, people):
    young = new_person(950, age=16)
    group = [*people, young]
    case = decide(make_case, deps, company(group), company_cards(group))
    assert outcome(case, "shareholders.adult") == "failed"
    assert case.status == "routed"


def test_a_blacklisted_shareholder_routes(make_case, deps, people, book):
    listed = new_person(960, age=40)
    deps.reference = InMemoryReferenceData(blacklist={listed.id_number})
    group = [*people, listed]
    case = decide(make_case, deps, company(group), company_cards(group))
    assert outcome(case, "shareholders.not_blacklisted") == "failed"
    assert case.status == "routed"


def test_a_legal_representative_outside_the_shareholders_needs_their_card(make_case, deps, people):
    manager = new_person(970, age=45)
    officer = {"name": manager.name, "id_number": manager.id_number}
    sub = company(people, manager=officer, legal_representative=officer)
    case = decide(make_case, deps, sub, company_cards(people))
    assert outcome(case, "legal_representative.card_given") == "failed"
    assert case.status == "returned"
    case = decide(make_case, deps, sub, company_cards(people, legal_representative=manager))
    assert case.status == "approved", codes(case)


def test_the_legal_representative_is_a_director_or_the_manager(make_case, deps, people):
    other = people[2]
    sub = company(people, legal_representative={"name": other.name, "id_number": other.id_number})
    case = decide(make_case, deps, sub, company_cards(people))
    assert outcome(case, "legal_representative.role") == "failed"
    assert case.status == "returned"


def test_board_of_two_is_refused(make_case, deps, people):
    two = [{"name": p.name, "id_number": p.id_number} for p in people[:2]]
    case = decide(make_case, deps, company(people, directors=two), company_cards(people))
    assert outcome(case, "officers.board_size") == "failed"


def test_supervisor_rules(make_case, deps, people):
    first = {"name": people[0].name, "id_number": people[0].id_number}
    third = {"name": people[2].name, "id_number": people[2].id_number}
    cases = {
        "independent": company(people, no_supervisor=None, supervisor=third),
        "conflict": company(people, no_supervisor=None, supervisor=first),
        "missing": company(people, no_supervisor=None),
        "contradictory": company(people, supervisor=third),
    }
    for status, sub in cases.items():
        case = decide(make_case, deps, sub, company_cards(people))
        assert case.facts["officers.supervisor_status"].value == status
        expected = "passed" if status == "independent" else "failed"
        assert outcome(case, "officers.supervisor") == expected, status


def test_a_company_name_needs_its_company_form(make_case, deps, people):
    sub = company(people, company_name="海门区瑞诚达商贸中心")
    case = decide(make_case, deps, sub, company_cards(people))
    assert outcome(case, "name.organisation_form") == "failed"
    assert case.status == "returned"


def test_an_applicant_who_is_not_a_party_routes(make_case, deps, people):
    sub = company(people)
    agent = new_person(990, age=33)
    sub["applicant"] = {"name": agent.name, "id_number": agent.id_number}
    case = decide(make_case, deps, sub, company_cards(people))
    assert outcome(case, "applicant.is_party") == "failed"
    assert case.status == "routed"


def test_cards_for_shareholders_not_in_the_form_are_refused_at_the_door(service_like_check, people):
    service_like_check(company(people[:2]), ["shareholder_3_id_card_front"])


@pytest.fixture
def service_like_check(book):
    from approval.persistence.case_store import UploadedDocument
    from approval.pipeline.intake import SubmissionError
    from approval.use_cases.submission import check_documents

    def check(body, parts):
        docs = [UploadedDocument(p, f"{p}.png", "image/png", b"\x89PNG\r\n\x1a\n") for p in parts]
        stub = type("S", (), {"rulebook": book})()
        with pytest.raises(SubmissionError) as err:
            check_documents(stub, body["matter"], docs, body)
        assert "shareholder_3_id_card_front" in str(err.value.errors)

    return check
