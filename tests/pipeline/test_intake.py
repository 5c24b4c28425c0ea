"""Intake: an unusable envelope is refused (nothing stored); form errors become reasons to
return, every one of them at once, each naming its field."""

from __future__ import annotations

import pytest

from approval.pipeline import intake
from approval.pipeline.case_file import RETURN
from approval.pipeline.form_check import form_errors
from approval.pipeline.intake import SubmissionError, check_envelope
from tests.support import IBR, new_person, registration


@pytest.fixture
def applicant_body():
    return registration(new_person(1))


def test_envelope_of_a_good_submission_gives_its_matter(book, applicant_body):
    assert check_envelope(applicant_body, book.matters) == IBR


@pytest.mark.parametrize(
    ("change", "loc", "kind"),
    [
        ({"matter": "dog-licence"}, ["matter"], "unknown_matter"),
        ({"matter": None}, ["matter"], "missing"),
        ({"applicant": None}, ["applicant"], "missing"),
        ({"applicant": {"name": "王伟"}}, ["applicant", "id_number"], "missing"),
        ({"applicant": {"name": "  ", "id_number": "320684198602249438"}}, ["applicant", "name"], "missing"),
        ({"form": ["not", "an", "object"]}, ["form"], "type"),
        ({"declarations": "yes"}, ["declarations"], "type"),
    ],
)
def test_envelope_errors_name_the_field(book, applicant_body, change, loc, kind):
    body = {**applicant_body, **change}
    with pytest.raises(SubmissionError) as caught:
        check_envelope(body, book.matters)
    assert caught.value.code == SubmissionError.INVALID  # the API answers 422
    assert {"loc": loc, "type": kind} in [{"loc": e["loc"], "type": e["type"]} for e in caught.value.errors]


def test_envelope_lists_every_problem_at_once(book):
    with pytest.raises(SubmissionError) as caught:
        check_envelope({"matter": "nope", "applicant": {}}, book.matters)
    locs = [e["loc"] for e in caught.value.errors]
    assert locs == [["matter"], ["applicant", "name"], ["applicant", "id_number"]]


@pytest.mark.parametrize("body", [None, [], "text", 42])
def test_envelope_that_is_not_an_object_is_refused(book, body):
    with pytest.raises(SubmissionError):
        check_envelope(body, book.matters)


def test_valid_form_gives_no_reason(make_case, applicant_body):
    case = intake.run(make_case(applicant_body))
    assert case.reasons == []


def test_form_errors_are_all_returned_at_once_naming_each_field(make_case, applicant_body):
    form = dict(applicant_body["form"])
    del form["business_address"]
    form.update(organization_form="corporation", employees="two", region_code="3206", colour="red")
    form["business_scope"] = ["日用百货销售", ""]
    case = intake.run(make_case({**applicant_body, "form": form}))

    assert {r.code for r in case.reasons} == {"form.invalid"}
    assert all(r.action == RETURN and r.source == "form" for r in case.reasons)
    fields = [r.field for r in case.reasons]
    for expected in (
        "form.business_address",
        "form.organization_form",
        "form.employees",
        "form.region_code",
        "form.business_scope[1]",
    ):
        assert expected in fields, fields
    assert any("colour" in r.message_en for r in case.reasons)
    enum_reason = next(r for r in case.reasons if r.field == "form.organization_form")
    assert "individual" in enum_reason.message and "family" in enum_reason.message


def test_business_name_is_optional_for_an_individual_business(make_case, applicant_body):
    assert "business_name" not in applicant_body["form"]
    assert intake.run(make_case(applicant_body)).reasons == []


def test_missing_form_reports_every_required_field(make_case, applicant_body):
    case = intake.run(make_case({**applicant_body, "form": {}}))
    assert sorted(r.field for r in case.reasons) == [
        "form.business_address",
        "form.business_scope",
        "form.organization_form",
        "form.region_code",
    ]


def test_form_faults_are_worded_with_the_forms_own_titles(book):
    """The applicant reads the field as the form names it (its ``title`` in the rule file); the
    path stays in ``field`` for the portal (#14)."""
    shareholders = [{"name": "王伟", "id_number": "1", "subscribed_cny": 1, "contribution_due": "2030-01-01"},
                    {"name": 3, "id_number": "320684198602249438", "subscribed_cny": 1,
                     "contribution_due": "2030-01-01"}]  # fmt: skip
    found = {e["field"]: e["message"] for e in form_errors(book.matters["company-registration"],
                                                           {"shareholders": shareholders})}  # fmt: skip
    assert found["form.shareholders[0].id_number"] == "股东（自然人）第1项的公民身份号码格式不正确。"
    assert found["form.shareholders[1].name"] == "股东（自然人）第2项的姓名应为文字。"
    assert found["form.company_name"] == "请填写公司名称。"
    assert not [m for m in found.values() if "form." in m]  # no technical path in the applicant's words
