"""The engine runs in a worker process: a crash or a hang there routes the case (every
rule undetermined, never passed), and the next case gets a fresh worker."""

from __future__ import annotations

import os
import signal
from datetime import date

from approval.ruleset.fact_search import as_facts, eligible_values
from approval.ruleset.facts import Outcome
from approval.ruleset.worker import RuleWorker
from tests.support import kill_worker_holding_next_case

DAY = date(2026, 11, 23)
MATTER = "individual-business-registration"


def test_worker_dying_mid_evaluation_gives_undetermined_then_recovers(book):
    facts = as_facts(eligible_values(book.matters[MATTER], DAY))
    worker = RuleWorker(timeout=10)
    try:
        assert set(worker.evaluate(book, MATTER, facts, DAY).outcomes().values()) == {Outcome.PASSED}
        pid = kill_worker_holding_next_case(worker)  # it receives the next case and dies
        crashed = worker.evaluate(book, MATTER, facts, DAY)
        assert set(crashed.outcomes().values()) == {Outcome.UNDETERMINED}
        assert "crashed" in crashed.results[0].detail_en
        assert set(worker.evaluate(book, MATTER, facts, DAY).outcomes().values()) == {Outcome.PASSED}
        assert worker.pid() != pid
    finally:
        worker.close()


def test_worker_killed_between_cases_is_replaced_before_the_next(book):
    facts = as_facts(eligible_values(book.matters[MATTER], DAY))
    worker = RuleWorker(timeout=10)
    try:
        worker.evaluate(book, MATTER, facts, DAY)
        pid = worker.pid()
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        outcomes = worker.evaluate(book, MATTER, facts, DAY).outcomes()
        assert set(outcomes.values()) == {Outcome.PASSED}
        assert worker.pid() != pid
    finally:
        worker.close()


def test_hung_worker_times_out_undetermined(book):
    facts = as_facts(eligible_values(book.matters[MATTER], DAY))
    worker = RuleWorker(timeout=10)
    try:
        worker.evaluate(book, MATTER, facts, DAY)
        os.kill(worker.pid(), signal.SIGSTOP)  # alive but never answers
        worker.timeout = 0.5
        hung = worker.evaluate(book, MATTER, facts, DAY)
        assert set(hung.outcomes().values()) == {Outcome.UNDETERMINED}
        assert "timed out" in hung.results[0].detail_en
        worker.timeout = 10
        assert set(worker.evaluate(book, MATTER, facts, DAY).outcomes().values()) == {Outcome.PASSED}
    finally:
        worker.close()


def test_engine_error_replaces_the_worker(book):
    worker = RuleWorker(timeout=10)
    try:
        # A malformed ruleset makes durable-rules raise inside the worker.
        broken = {"x": ({"$nonsense": {"a": 1}}, {"$nonsense": {"a": 1}})}
        try:
            worker.fire("broken@1", broken, {"a": 1, "case__": 1})
        except RuntimeError:
            pass
        else:
            raise AssertionError("a malformed ruleset must raise")
        facts = as_facts(eligible_values(book.matters[MATTER], DAY))
        assert set(worker.evaluate(book, MATTER, facts, DAY).outcomes().values()) == {Outcome.PASSED}
    finally:
        worker.close()
