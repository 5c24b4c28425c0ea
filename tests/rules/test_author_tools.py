"""Rule authors' tools: a dry run of one case folder with any rules and date, clear errors for a
broken sample, and a version label that always names one content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from approval.cli import main as cli
from approval.ruleset import read_ruleset_files
from approval.ruleset.publication import label_problem
from approval.settings import REPO_ROOT

ELIGIBLE = REPO_ROOT / "samples" / "sole-proprietorship-registration" / "01-eligible"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO_ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    shutil.copytree(ELIGIBLE, tmp_path / "case")
    return tmp_path / "case"


def test_dry_run_prints_the_decision_and_every_rule_with_its_evidence(capsys):
    assert cli(["rules", "dry-run", str(ELIGIBLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sole-proprietorship-registration: approved")
    assert "rule id_card.number_matches: passed" in out
    assert "document:id_card_front:id_number@" in out
    assert "parameters: min_age=18" in out


def test_dry_run_with_edited_rules_and_another_date(case_copy, rules_copy, capsys):
    path = rules_copy / "matters" / "sole-proprietorship-registration.yaml"
    path.write_text(
        path.read_text("utf-8").replace('op: ">", value: 0}', 'op: ">", value: 1000000}'), "utf-8"
    )
    assert cli(["rules", "dry-run", str(case_copy), "--rules", str(rules_copy), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "returned"
    assert [r["code"] for r in answer["reasons"]] == ["capital.positive"]
    # The same case judged on a day its applicant's card had not yet been issued: not approved.
    assert cli(["rules", "dry-run", str(ELIGIBLE), "--as-of", "1990-01-01", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    day = next(t["day"] for t in answer["trace"] if t.get("stage") == "evaluation")
    assert day == "1990-01-01" and answer["status"] != "approved"


def test_a_malformed_case_file_names_file_line_and_column(case_copy, capsys):
    text = (case_copy / "case.json").read_text("utf-8")
    broken = text.replace('"matter":', '"matter" ', 1)
    (case_copy / "case.json").write_text(broken, "utf-8")
    line = broken[: broken.index('"matter" ')].count("\n") + 1
    assert cli(["rules", "dry-run", str(case_copy)]) == 1
    out = capsys.readouterr().out
    assert f"case.json:{line}:" in out and "not valid JSON" in out and "Traceback" not in out
    assert cli(["rules", "test", str(case_copy.parent)]) == 1
    captured = capsys.readouterr()
    assert f"case.json:{line}:" in captured.err and "0 passed, 1 failed" in captured.out


def test_the_published_label_names_todays_files():
    assert label_problem(read_ruleset_files(REPO_ROOT / "rules")) is None


def test_changed_rules_under_the_same_label_fail_check_until_published(rules_copy, capsys):
    path = rules_copy / "common" / "registration.yaml"
    path.write_text(path.read_text("utf-8").replace("value: 18}", "value: 19}"), "utf-8")
    assert cli(["rules", "check", "--rules-dir", str(rules_copy)]) == 1
    out = capsys.readouterr().out
    assert "ruleset.yaml:" in out and "changed since version" in out
    old = read_ruleset_files(rules_copy)["ruleset.yaml"]
    version = next(line for line in old.splitlines() if line.startswith("version:")).split('"')[1]
    # The old label cannot be reused for new content.
    assert cli(["rules", "publish", "--version", version, "--rules-dir", str(rules_copy)]) == 1
    assert cli(["rules", "publish", "--version", "2099.1.1", "--rules-dir", str(rules_copy)]) == 0
    capsys.readouterr()
    assert cli(["rules", "check", "--rules-dir", str(rules_copy)]) == 0
    assert 'version: "2099.1.1"' in (rules_copy / "ruleset.yaml").read_text("utf-8")
    assert "notes:" in (rules_copy / "ruleset.yaml").read_text("utf-8")  # comments and notes kept
