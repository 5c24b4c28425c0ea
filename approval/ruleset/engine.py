"""durable-rules, used the way that proved reliable: a host without timer threads, facts
(not events), one session per evaluation deleted afterwards, each ruleset registered once.

This module runs inside the rule worker process (see ``worker.py``), never in the API
process, so a crash in the engine's C code cannot take the API down.
"""

from __future__ import annotations

import uuid
from typing import Any

from durable.engine import Host

SEEN = "_case_seen"


class _QuietHost(Host):
    def _run(self) -> None:
        # The default host starts timer threads that lost outcomes and crashed under load.
        pass


class DurableEngine:
    def __init__(self) -> None:
        self._host = _QuietHost()
        self._registered: set[str] = set()
        self._fired: set[str] = set()

    def is_registered(self, name: str) -> bool:
        return name in self._registered

    def register(self, name: str, compiled: dict[str, tuple[dict, dict]], marker: str) -> None:
        if name in self._registered:
            return
        rules: dict[str, Any] = {
            # Matches every case, so that a case no rule matches is not an engine error.
            SEEN: {"all": [{"m": {marker: 1}}], "run": _ignore},
        }
        for index, (rule_id, (passed, failed)) in enumerate(compiled.items()):
            # Engine rule names are positional: rule ids are the authors', not the engine's.
            rules[f"r{index}_passed"] = {"all": [{"m": passed}], "run": self._recorder(f"{rule_id}#passed")}
            rules[f"r{index}_failed"] = {"all": [{"m": failed}], "run": self._recorder(f"{rule_id}#failed")}
        self._host.register_rulesets({name: rules})
        self._registered.add(name)

    def fire(self, name: str, fact: dict[str, Any]) -> set[str]:
        sid = uuid.uuid4().hex
        self._fired = set()
        try:
            self._host.assert_fact(name, {**fact, "sid": sid})
        finally:
            self._host.delete_state(name, sid)
        return self._fired

    def _recorder(self, outcome: str):  # noqa: ANN202 - durable-rules action signature
        def record(_context: Any) -> None:
            self._fired.add(outcome)

        return record


def _ignore(_context: Any) -> None:
    return None
