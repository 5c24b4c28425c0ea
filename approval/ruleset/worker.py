"""The rule engine in its own process. A crash or hang there routes the case (every rule
undetermined) and the worker is replaced; the API process never loads the engine.

The worker is a fresh interpreter (``python -m approval.ruleset.worker``) speaking JSON
lines on its stdin/stdout, so it needs nothing from the parent's ``__main__``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import subprocess
import sys
import threading
from datetime import date
from typing import Any

from approval.ruleset.evaluation import CASE_MARKER, Evaluation, evaluate
from approval.ruleset.facts import Facts
from approval.ruleset.rulebook import Rulebook

log = logging.getLogger(__name__)


class RuleWorkerError(RuntimeError):
    pass


def serve(requests: Any, replies: Any) -> None:
    """The worker's loop: one JSON request per line, one JSON reply per line."""
    from approval.ruleset.engine import DurableEngine

    engine = DurableEngine()
    for line in requests:
        name, compiled, fact = json.loads(line)
        try:
            if compiled is not None:
                engine.register(name, {k: tuple(v) for k, v in compiled.items()}, CASE_MARKER)
            if engine.is_registered(name):
                reply = ["ok", sorted(engine.fire(name, fact))]
            else:
                reply = ["unregistered", name]
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which routes the case
            reply = ["error", f"{type(exc).__name__}: {exc}"]
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()


class RuleWorker:
    def __init__(self, timeout: float = 5.0) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._known: set[str] = set()
        self.restarts = 0

    def _start(self) -> subprocess.Popen:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "approval.ruleset.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._known = set()
        return self._process

    def _replace(self) -> None:
        self.restarts += 1
        if self._process is not None:
            with contextlib.suppress(OSError):
                self._process.kill()
            self._process.wait(timeout=5)
        self._process = None

    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def fire(self, name: str, compiled: dict[str, tuple[dict, dict]], fact: dict[str, Any]) -> set[str]:
        with self._lock:
            process = self._process
            if process is None or process.poll() is not None:
                process = self._start()
            assert process.stdin is not None and process.stdout is not None
            request = [name, None if name in self._known else compiled, fact]
            try:
                process.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode())
                process.stdin.flush()
                ready, _, _ = select.select([process.stdout], [], [], self.timeout)
                if not ready:
                    log.error("rule worker timed out after %.1fs; replacing it", self.timeout)
                    self._replace()
                    raise RuleWorkerError(f"rule evaluation timed out after {self.timeout}s")
                line = process.stdout.readline()
            except (BrokenPipeError, ConnectionResetError, OSError, ValueError) as exc:
                self._replace()
                raise RuleWorkerError("the rule worker process crashed") from exc
            if not line:
                log.error("rule worker died (exit %s); replacing it", process.poll())
                self._replace()
                raise RuleWorkerError("the rule worker process crashed")
            status, payload = json.loads(line)
            if status == "unregistered":
                self._known.discard(name)
                raise RuleWorkerError(f"ruleset {name} was not registered in the worker")
            if status != "ok":
                # An engine error can leave its session state corrupt: start afresh.
                log.error("rule engine error (%s); replacing the worker", payload)
                self._replace()
                raise RuleWorkerError(str(payload))
            self._known.add(name)
            return set(payload)

    def evaluate(self, book: Rulebook, matter_code: str, facts: Facts, day: date) -> Evaluation:
        return evaluate(book, matter_code, facts, day, self.fire)

    def close(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError, ValueError):
            process.stdin.close()  # type: ignore[union-attr]
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _main() -> None:
    # The protocol owns fd 1; anything the engine prints goes to stderr instead.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    serve(sys.stdin, replies)


if __name__ == "__main__":
    _main()
