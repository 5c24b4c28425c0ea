import datetime as dt

import pytest

from ocr import codes

TODAY = dt.date(2026, 1, 1)
VALID_ID = "32068419850302011X"
VALID_ID_2 = "360426199101010071"


def test_id_check_character_and_validity():
    assert codes.id_check_char(VALID_ID[:17]) == "X"
    assert codes.id_number_valid(VALID_ID, TODAY)
    assert codes.id_number_valid(VALID_ID_2, TODAY)
    assert not codes.id_number_valid(VALID_ID[:17] + "1", TODAY)
    assert not codes.id_number_valid(VALID_ID[:17], TODAY)


def test_future_birth_date_rejected():
    body = "320614" + "20300101" + "123"
    number = body + codes.id_check_char(body)
    assert not codes.id_number_valid(number, TODAY)
    assert codes.id_number_valid(number, dt.date(2031, 1, 1))


def test_region_code_out_of_era_is_valid_but_noted():
    # 海门 became 320614 in 2020: someone born in 1985 with that code is unusual, not invalid.
    body = "320614" + "19850302" + "011"
    number = body + codes.id_check_char(body)
    assert codes.id_number_valid(number, TODAY)
    assert not codes.id_region_in_era(number)
    assert codes.id_region_in_era("320684" + "19950302" + "0117")


def test_sex_and_birth_from_number():
    assert codes.id_sex(VALID_ID) == "男"
    assert codes.id_birth_date(VALID_ID) == dt.date(1985, 3, 2)


def test_organisation_check_char_gb11714_example():
    assert codes.organisation_check_char("D2143569") == "X"


def test_credit_code_checks_both_characters():
    body = "92320614" + "12345678"
    org = body[8:] + codes.organisation_check_char(body[8:])
    partial = body[:8] + org
    from stdnum.cn import uscc

    code = partial + uscc.calc_check_digit(partial)
    assert codes.credit_code_valid(code)
    # A bad organisation check character that still passes the MOD 31 check is refused.
    wrong_org = body[:8] + body[8:] + ("0" if org[-1] != "0" else "1")
    wrong = wrong_org + uscc.calc_check_digit(wrong_org)
    assert not codes.credit_code_valid(wrong)


@pytest.mark.parametrize(
    ("letter", "digit"), [("O", "0"), ("D", "0"), ("I", "1"), ("Z", "2"), ("S", "5"), ("B", "8")]
)
def test_id_number_single_letter_confusion_corrected(letter, digit):
    body = "320684" + "19850302" + digit + "11"
    number = body + codes.id_check_char(body)
    broken = number[:14] + letter + number[15:]
    repair = codes.id_number_repair(broken, TODAY)
    assert repair.value == number
    assert repair.corrected


def test_id_number_digit_confusion_unique_is_corrected_ambiguous_is_not():
    # Try every single confusable digit substitution of a valid number: when exactly one valid
    # candidate exists the repair returns it, otherwise nothing.
    number = VALID_ID_2
    outcomes = set()
    for i in range(17):
        for alt in codes.DIGIT_CONFUSIONS[number[i]]:
            broken = number[:i] + alt + number[i + 1 :]
            if codes.id_number_valid(broken, TODAY):
                continue
            repair = codes.id_number_repair(broken, TODAY)
            outcomes.add(repair.value is None)
            if repair.value is not None:
                assert repair.corrected
                assert codes.id_number_valid(repair.value, TODAY)
    assert outcomes == {True, False}  # both cases occur


def test_two_letter_confusions_beyond_limit_are_unreadable():
    broken = "3Z0b84I985O3O2OIIX".upper()
    assert codes.id_number_repair(broken, TODAY).value is None


def test_ambiguous_repair_is_unreadable():
    body = "36042619910101007"
    number = body + codes.id_check_char(body)
    # Find a corruption for which two different single substitutions both validate.
    for i in range(17):
        for alt in "0123456789":
            broken = number[:i] + alt + number[i + 1 :]
            if broken == number or codes.id_number_valid(broken, TODAY):
                continue
            cands = {
                broken[:j] + a + broken[j + 1 :]
                for j in range(17)
                for a in codes.DIGIT_CONFUSIONS[broken[j]]
                if codes.id_number_valid(broken[:j] + a + broken[j + 1 :], TODAY)
            }
            if len(cands) >= 2:
                repair = codes.id_number_repair(broken, TODAY)
                assert repair.value is None
                assert repair.note == "ambiguous"
                return
    pytest.fail("no ambiguous corruption found")


@pytest.mark.parametrize(("letter", "digit"), [("O", "0"), ("I", "1"), ("Z", "2"), ("S", "5")])
def test_credit_code_forbidden_letters_corrected(letter, digit):
    from stdnum.cn import uscc

    org_body = "12" + digit + "45678"
    partial = "92320614" + org_body + codes.organisation_check_char(org_body)
    code = partial + uscc.calc_check_digit(partial)
    assert codes.credit_code_valid(code), code
    broken = code[:10] + letter + code[11:]
    repair = codes.credit_code_repair(broken)
    assert repair.value == code
    assert repair.corrected


def test_a_check_character_j_read_as_1_is_corrected():
    # A J in a copy on a page reads as 1 (a development licence): 1 fails the check, J is the
    # only confusable character that passes it.
    repair = codes.credit_code_repair("923205837565818021")
    assert (repair.value, repair.corrected) == ("92320583756581802J", True)


def test_a_j_read_as_a_bracket_is_a_j_when_the_check_agrees():
    # Seed 81452553 #103 (kai, rotated): the check character J read as "]".
    assert codes.credit_code_repair("92320614367995905]") == codes.Repair("92320614367995905J", True)
    # The bracket forced to J must still pass the check: here it does not.
    assert codes.credit_code_repair("92320614367995904]").value is None


def test_credit_code_unrepairable_is_none():
    assert codes.credit_code_repair("91320614ABCDEFGHJK").value is None
    assert codes.credit_code_repair("9132061").value is None


def test_fullwidth_and_spaces_are_cleaned():
    assert codes.id_number_repair("３２０６８４ 1985 0302 011x", TODAY).value == VALID_ID


def test_one_character_read_as_two_is_repaired_only_when_unique():
    # "M" read as "LM": deleting the one extra character is the only valid reading.
    fixed = codes.credit_code_repair("913206148RNPDAPQ1LM")
    assert (fixed.value, fixed.corrected) == ("913206148RNPDAPQ1M", True)
    # Every deletion of a doubled body digit gives the same number: one candidate, accepted.
    number = "320684200405103341"
    assert codes.id_number_repair(number[:10] + "0" + number[10:], TODAY).value == number
    # Two extra characters are not a single slip: unreadable, never guessed.
    assert codes.credit_code_repair("913206148RNPDAPQ1LLM").value is None
