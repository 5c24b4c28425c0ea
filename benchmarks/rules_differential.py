"""Differential benchmark: durable-rules (in its worker process) against the plain-Python
reference evaluator on random cases, and the time each evaluation takes.

    python benchmarks/rules_differential.py [--cases 100000] [--seed N]

Prints one row per matter and exits 1 if the two ever disagree on a rule's outcome.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date

from approval.ruleset import load_rulebook
from approval.ruleset.evaluation import evaluate
from approval.ruleset.fact_search import random_facts
from approval.ruleset.facts import Outcome
from approval.ruleset.reference_evaluator import reference_outcomes
from approval.ruleset.worker import RuleWorker
from approval.settings import REPO_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    day = date(2026, 11, 23)
    book = load_rulebook(REPO_ROOT / "rules")
    codes = sorted(book.matters)
    worker = RuleWorker(timeout=10)
    counters = {"cases": 0, "rules": 0, "disagree": 0, **{o.value: 0 for o in Outcome}}
    rows = {c: {**counters, "ms": []} for c in codes}
    first_disagreement = None
    started = time.perf_counter()
    try:
        for i in range(args.cases):
            code = codes[i % len(codes)]
            matter = book.matters[code]
            facts = random_facts(matter, day, rng)
            t0 = time.perf_counter()
            engine = evaluate(book, code, facts, day, worker.fire, cross_check=False).outcomes()
            rows[code]["ms"].append((time.perf_counter() - t0) * 1000)
            reference = reference_outcomes(matter, facts, day)
            row = rows[code]
            row["cases"] += 1
            for rule_id, outcome in engine.items():
                row["rules"] += 1
                row[outcome.value] += 1
                if outcome != reference[rule_id]:
                    row["disagree"] += 1
                    seen = (code, rule_id, outcome, reference[rule_id], facts)
                    first_disagreement = first_disagreement or seen
    finally:
        worker.close()
    elapsed = time.perf_counter() - started
    print(f"seed {seed}, {args.cases} cases in {elapsed:.1f} s, worker restarts {worker.restarts}")
    header = f"{'matter':36s} {'cases':>7s} {'rule outcomes':>13s} {'passed':>8s} {'failed':>8s} "
    header += f"{'undeterm.':>9s} {'disagree':>8s} {'p50 ms':>7s} {'p99 ms':>7s}"
    print(header)
    for code in codes:
        r = rows[code]
        ms = sorted(r["ms"]) or [0.0]
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        print(
            f"{code:36s} {r['cases']:7d} {r['rules']:13d} {r['passed']:8d} {r['failed']:8d} "
            f"{r['undetermined']:9d} {r['disagree']:8d} {statistics.median(ms):7.2f} {p99:7.2f}"
        )
    total = sum(r["disagree"] for r in rows.values())
    print(f"disagreements: {total}")
    if first_disagreement:
        print(f"first: {first_disagreement}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
