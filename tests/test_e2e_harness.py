"""The end-to-end benchmark's own check: with perfect readings every eligible submission it draws
is approved and no ineligible one, so that in its OCR run the reader is the only variable (it
once drew business names the name rules refuse, and blamed the reader for them)."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pytest
import yaml

from approval.business_names import check_name, grammar_for
from approval.settings import REPO_ROOT
from benchmarks import approval_e2e as harness


def _catalogue(name: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "rules" / "catalogues" / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("entity", "terms"), [("individual_business", harness.IBR_TERMS),
                                               ("sole_proprietorship", harness.SPR_TERMS)])  # fmt: skip
def test_every_business_name_the_harness_draws_is_one_the_name_rules_accept(entity, terms):
    place = _catalogue("jurisdictions")[harness.HOME_CODE]
    grammar = grammar_for(entity, _catalogue("names"), _catalogue("business_scope"), place)
    drawer = harness.Drawer(random.Random(7), harness.china_today(), set())
    names = [drawer.trade_name(region, terms) for region in harness.NAME_REGIONS for _ in range(60)]
    refused = [n for n in names if check_name(n, grammar).structure != "valid"]
    assert refused == []


def test_the_harness_draws_eligible_cases_the_rules_approve_and_ineligible_ones_they_do_not():
    command = [sys.executable, "benchmarks/approval_e2e.py", "--check-rules", "--renderer", "noto",
               "--count", "20", "--seed", "5353", "--framings", "margin"]  # fmt: skip
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    report = result.stdout
    assert result.returncode == 0, report + result.stderr[-3000:]
    m = re.search(r"perfect readings: eligible (\d+)/(\d+) approved, ineligible (\d+)/(\d+) approved", report)
    assert m, report
    approved, eligible, wrongly, ineligible = map(int, m.groups())
    assert approved == eligible > 0 and wrongly == 0 < ineligible
