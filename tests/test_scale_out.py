"""The load-and-kill script's short version against the real PostgreSQL (CI sets
TEST_DATABASE_URL): two API processes and two workers, SIGKILLed during the load, lose nothing,
duplicate nothing and return nothing to an applicant for a failure of ours."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from approval.settings import REPO_ROOT

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")


def test_killing_workers_and_api_processes_loses_and_duplicates_nothing(tmp_path):
    admin = os.environ["TEST_DATABASE_URL"].split("?")[0].replace("postgresql+psycopg://", "postgresql://", 1)
    command = [sys.executable, "-m", "benchmarks.scale_out", "--image-cases", "3", "--data-cases", "9",
               "--kills", "2", "--kill-every", "2", "--skip-throughput", "--logs", str(tmp_path)]  # fmt: skip
    result = subprocess.run(command, cwd=REPO_ROOT, env={**os.environ, "BENCH_POSTGRES_URL": admin},
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    report = result.stdout
    assert result.returncode == 0, report + result.stderr[-3000:]
    figures = dict(line.strip().rsplit(None, 1) for line in report.splitlines() if line.startswith("  ") and
                   not line.strip().startswith("outcomes"))  # fmt: skip
    assert figures["submitted"] == figures["answered 2xx"] == "12"
    for zero in ("lost", "duplicated", "returned for our failures", "undecided at the end"):
        assert figures[zero] == "0", report
    assert "killed 2 workers" in report
