from __future__ import annotations

from datetime import date

import pytest

from approval.ruleset import load_rulebook
from approval.ruleset.worker import RuleWorker
from approval.settings import REPO_ROOT

DAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def book():
    return load_rulebook(REPO_ROOT / "rules")


@pytest.fixture(scope="session")
def worker():
    w = RuleWorker(timeout=10)
    yield w
    w.close()
