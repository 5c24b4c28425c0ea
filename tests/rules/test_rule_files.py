"""Rule files: problems are reported with file and line; behaviour lives in the files
(a changed rule or parameter changes decisions with no code change)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from approval.cli import main as cli
from approval.ruleset import RuleFileError, load_rulebook, read_ruleset_files, rulebook_from_files
from approval.ruleset.fact_search import as_facts, eligible_values
from approval.ruleset.facts import Outcome
from approval.settings import REPO_ROOT

MATTER = "matters/individual-business-registration.yaml"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", target)
    return target


def problems_for(files: dict[str, str]) -> list[str]:
    with pytest.raises(RuleFileError) as err:
        rulebook_from_files(files)
    return [str(p) for p in err.value.problems]


def edited(old: str, new: str, name: str = "common/registration.yaml") -> dict[str, str]:
    files = read_ruleset_files(REPO_ROOT / "rules")
    assert old in files[name]
    files[name] = files[name].replace(old, new, 1)
    return files


def line_of(files: dict[str, str], name: str, text: str) -> int:
    return files[name].splitlines().index(next(x for x in files[name].splitlines() if text in x)) + 1


def test_shipped_rules_load():
    book = load_rulebook(REPO_ROOT / "rules")
    assert set(book.matters) == {
        "individual-business-registration",
        "sole-proprietorship-registration",
        "individual-business-change",
        "senior-allowance",
        "food-business-licence",
        "company-registration",
        # 开办企业一件事: the parts decided after the registration (bundles.yaml)
        "seal-engraving-filing",
        "tax-information-confirmation",
        "bank-account-appointment",
        "social-insurance-registration",
    }
    assert not book.matters["food-business-licence"].instant_approval
    assert len(book.digest) == 64


def test_unknown_fact_is_reported_with_file_and_line():
    files = edited("fact: applicant.age,", "fact: applicant.agee,")
    [problem] = problems_for(files)
    line = line_of(files, "common/registration.yaml", "applicant.agee")
    assert problem.startswith(f"common/registration.yaml:{line}:")
    assert "unknown fact 'applicant.agee'" in problem


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('op: ">=", param: min_age', 'op: "=>", param: min_age', "unknown op"),
        ('op: ">=", param: min_age', 'op: ">=", param: max_age', "unknown parameter 'max_age'"),
        ("op: ==, value: 0}", "op: ==, value: zero}", "is a whole number"),
        ("op: in, value: [not_given, valid]", "op: in, value: [not_given, fine]", "not 'fine'"),
        ("on_fail: route", "on_fail: reject", "on_fail"),
    ],
)
def test_each_kind_of_mistake_is_named(old, new, message):
    files = edited(old, new)
    problems = problems_for(files)
    assert any(message in p for p in problems), problems
    assert all(p.startswith("common/registration.yaml:") for p in problems)


def test_yaml_syntax_error_names_the_line():
    files = read_ruleset_files(REPO_ROOT / "rules")
    files[MATTER] = files[MATTER].replace("title: 个体工商户设立登记", "title: [个体工商户设立登记", 1)
    [problem] = problems_for(files)
    assert problem.startswith(MATTER + ":") and "not valid YAML" in problem


def test_duplicate_rule_ids_are_refused():
    files = edited("id: name.not_taken", "id: name.structure")
    assert any("duplicate rule id name.structure" in p for p in problems_for(files))


def test_rules_check_command_reports_problems(rules_copy, capsys):
    path = rules_copy / "common" / "registration.yaml"
    path.write_text(path.read_text("utf-8").replace("applicant.age,", "applicant.agee,"), "utf-8")
    assert cli(["rules", "check", "--rules-dir", str(rules_copy)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out and "unknown fact" in out
    assert cli(["rules", "check", "--rules-dir", str(REPO_ROOT / "rules")]) == 0


def test_a_parameter_takes_effect_on_its_date(rules_copy, worker):
    path = rules_copy / "common" / "registration.yaml"
    text = path.read_text("utf-8").replace(
        "      - {from: 1987-01-01, value: 18}",
        "      - {from: 1987-01-01, value: 18}\n      - {from: 2027-03-01, value: 20}",
    )
    path.write_text(text, "utf-8")
    book = load_rulebook(rules_copy)
    matter = book.matters["individual-business-registration"]
    values = {**eligible_values(matter, date(2026, 11, 23)), "applicant.age": 19}
    before = worker.evaluate(book, matter.code, as_facts(values), date(2027, 2, 28)).outcomes()
    after = worker.evaluate(book, matter.code, as_facts(values), date(2027, 3, 1)).outcomes()
    assert before["applicant.adult"] == Outcome.PASSED
    assert after["applicant.adult"] == Outcome.FAILED


def test_editing_a_rule_file_changes_decisions_without_code(rules_copy, worker):
    day = date(2026, 11, 23)
    book = load_rulebook(rules_copy)
    matter = book.matters["individual-business-registration"]
    values = {**eligible_values(matter, day), "business.scope_unknown_count": 1}
    outcomes = worker.evaluate(book, matter.code, as_facts(values), day).outcomes()
    assert outcomes["scope.catalogued"] == Outcome.FAILED
    path = rules_copy / "common" / "registration.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "when: {fact: business.scope_unknown_count, op: ==, value: 0}",
            "when: {fact: business.scope_unknown_count, op: <=, value: 1}",
        ),
        "utf-8",
    )
    edited_book = load_rulebook(rules_copy)
    assert edited_book.digest != book.digest
    outcomes = worker.evaluate(edited_book, matter.code, as_facts(values), day).outcomes()
    assert outcomes["scope.catalogued"] == Outcome.PASSED


def test_messages_are_filled_from_the_parameters_in_force():
    from approval.ruleset.rulebook import fill_message

    book = load_rulebook(REPO_ROOT / "rules")
    matter = book.matters["individual-business-registration"]
    rule = next(r for r in matter.rules if r.id == "applicant.adult")
    params = matter.params_on(date(2026, 11, 23))
    assert "未满18周岁" in fill_message(rule.spec.message.zh, params)
    assert "under 18" in fill_message(rule.spec.message.en, params)
    changed = edited(
        "      - {from: 1987-01-01, value: 18}",
        "      - {from: 1987-01-01, value: 18}\n      - {from: 2026-01-01, value: 20}",
    )
    later = rulebook_from_files(changed).matters["individual-business-registration"]
    assert "未满20周岁" in fill_message(rule.spec.message.zh, later.params_on(date(2026, 11, 23)))


def test_an_unknown_message_placeholder_is_refused_with_file_and_line():
    files = edited("未满{min_age}周岁", "未满{minimum_age}周岁")
    line = next(
        i for i, t in enumerate(files["common/registration.yaml"].splitlines(), 1) if "{minimum_age}" in t
    )
    problems = problems_for(files)
    assert any(
        p.startswith(f"common/registration.yaml:{line}:") and "{minimum_age}" in p for p in problems
    ), problems
