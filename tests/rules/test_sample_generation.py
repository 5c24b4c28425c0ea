"""``approval samples generate`` replaces what it wrote before and nothing else."""

from __future__ import annotations

import json

import pytest

from devtools.sample_cases import generate

pytestmark = pytest.mark.slow


def test_regenerating_keeps_hand_written_samples(tmp_path):
    samples, reference = tmp_path / "samples", tmp_path / "reference"
    mine = samples / "senior-allowance" / "90-my-own-case"
    mine.mkdir(parents=True)
    (mine / "case.json").write_text(json.dumps({"matter": "senior-allowance", "expect": {}}), "utf-8")
    first = generate(samples, reference)
    stale = samples / "senior-allowance" / "99-left-over"
    stale.mkdir()
    (stale / "case.json").write_text(json.dumps({"matter": "senior-allowance", "generated": True}), "utf-8")

    second = generate(samples, reference)

    assert (mine / "case.json").exists()  # written by hand: kept
    assert not stale.exists()  # written by the generator: replaced
    assert [p.name for p in first] == [p.name for p in second]
    assert all(json.loads((p / "case.json").read_text("utf-8"))["generated"] for p in second)
