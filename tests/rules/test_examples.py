"""The hand-written examples beside the rules are an oracle that does not share the engine's
code: a rule the loader read wrongly, or a boundary moved by one, fails them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from approval.cli import main as cli
from approval.rule_examples import (
    ExampleFileError,
    coverage_gaps,
    find_example_files,
    load_examples,
    run_example,
)
from approval.ruleset import load_rulebook
from approval.service import ApprovalService
from approval.settings import REPO_ROOT, Settings


def scratch_service(tmp_path: Path, rules_dir: Path) -> ApprovalService:
    return ApprovalService.open(Settings(data_dir=tmp_path / "data", rules_dir=rules_dir, DATABASE_URL=None))


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO_ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def failures(service, rules_dir: Path) -> list[str]:
    out = []
    for path in find_example_files(rules_dir):
        for example in load_examples(path):
            result = run_example(service, example)
            out += [f"{example.name}: {p}" for p in result.problems]
    return out


def test_every_rule_of_every_matter_passes_fails_and_is_undetermined_in_an_example():
    book = load_rulebook(REPO_ROOT / "rules")
    examples = [e for path in find_example_files(REPO_ROOT / "rules") for e in load_examples(path)]
    assert {e.matter for e in examples} == set(book.matters)
    assert coverage_gaps(book, examples) == []


def test_a_rule_without_examples_is_reported(rules_copy):
    path = rules_copy / "matters" / "senior-allowance.yaml"
    rule = (
        "  - id: allowance.bank_account_given\n    title: 已填写银行账号\n"
        "    when: {fact: form.bank_account, op: '!=', value: ''}\n    on_fail: return\n"
        "    message: {zh: 请填写银行账号。, en: Please give the bank account.}\n    basis: 测试\n"
    )
    path.write_text(path.read_text("utf-8") + rule, "utf-8")
    book = load_rulebook(rules_copy)
    examples = [e for p in find_example_files(rules_copy) for e in load_examples(p)]
    gaps = coverage_gaps(book, examples)
    # The approved examples show it passing; nothing shows it failing or undetermined.
    assert gaps == [
        "senior-allowance: allowance.bank_account_given is never failed in an example",
        "senior-allowance: allowance.bank_account_given is never undetermined in an example",
    ]


def test_the_examples_hold_for_the_published_rules(tmp_path):
    service = scratch_service(tmp_path, REPO_ROOT / "rules")
    try:
        assert failures(service, REPO_ROOT / "rules") == []
    finally:
        service.close()


@pytest.mark.parametrize(
    ("file", "old", "new", "broken"),
    [
        # The age boundary moved by one: ">=" read as ">".
        ("common/registration.yaml", 'op: ">=", param: min_age}', 'op: ">", param: min_age}', "十八周岁生日"),
        # The five-year contribution limit shortened to four.
        (
            "matters/company-registration.yaml",
            "param: max_contribution_years}",
            "value: 4}",
            "恰为成立之日起五年",
        ),
        ("matters/senior-allowance.yaml", "value: 80}", "value: 81}", "八十周岁生日"),
    ],
)
def test_a_rule_changed_at_its_boundary_fails_an_example(tmp_path, rules_copy, file, old, new, broken):
    path = rules_copy / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    service = scratch_service(tmp_path, rules_copy)
    try:
        found = failures(service, rules_copy)
    finally:
        service.close()
    assert any(broken in f for f in found), found


def test_a_broken_examples_file_names_file_and_line(tmp_path, rules_copy, capsys):
    path = rules_copy / "examples" / "senior-allowance.yaml"
    path.write_text(
        path.read_text("utf-8").replace("  - name: 八十周岁生日前一天", "  - name: [unclosed"), "utf-8"
    )
    with pytest.raises(ExampleFileError, match=r"senior-allowance.yaml:\d+: not valid YAML"):
        load_examples(path)
    assert cli(["rules", "test", "--rules-dir", str(rules_copy)]) == 1
    assert "senior-allowance.yaml:" in capsys.readouterr().out
