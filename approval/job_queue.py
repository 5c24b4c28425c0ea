"""Where a stored case waits to be decided, and how the request that stored it learns the answer.

Two implementations of one interface:

* ``ProcrastinateQueue`` (PostgreSQL, production): the job is written by procrastinate's own SQL
  function *in the transaction that stores the case*, so an accepted case always has its job;
  ``approval worker`` processes (any number, on any machine) run it. The API process learns of
  the decision by ``LISTEN`` (the decision's transaction sends a ``NOTIFY``), with a slow poll
  behind it in case a notification is missed.
* ``InProcessQueue`` (the embedded SQLite default): the same calls, run by a thread pool in the
  API process; stored cases a crash left undecided are re-run at start (``recover_unfinished``).
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

from approval.persistence.case_store import DECIDED_CHANNEL
from approval.request_context import request_id

log = logging.getLogger(__name__)

DECIDE_TASK = "approval.decide_case"
QUEUE_NAME = "cases"


class JobQueue(Protocol):
    """Runs ``decide(case_id)`` for each stored case, once it is committed."""

    in_process: bool

    def enqueue(self, session: Session, case_id: str) -> None:
        """Called inside the transaction that stores the case."""

    def committed(self, case_id: str) -> None:
        """Called after that transaction committed."""

    def wait(self, case_id: str, timeout: float, is_decided: Callable[[], bool]) -> bool:
        """Block until the case is decided or ``timeout`` passes; True when decided."""

    def close(self) -> None: ...


class InProcessQueue:
    in_process = True

    def __init__(self, decide: Callable[[str], None], threads: int = 8) -> None:
        self._decide = decide
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="case")
        self._futures: dict[str, concurrent.futures.Future] = {}
        self._lock = threading.Lock()

    def enqueue(self, session: Session, case_id: str) -> None:
        pass  # the stored case itself is the durable record; recovery re-runs it after a crash

    def committed(self, case_id: str) -> None:
        # In the caller's context: its request id goes with the case onto every log line.
        future = self._pool.submit(contextvars.copy_context().run, self._decide, case_id)
        with self._lock:
            self._futures[case_id] = future
        future.add_done_callback(lambda _f: self._forget(case_id))

    def _forget(self, case_id: str) -> None:
        with self._lock:
            self._futures.pop(case_id, None)

    def wait(self, case_id: str, timeout: float, is_decided: Callable[[], bool]) -> bool:
        with self._lock:
            future = self._futures.get(case_id)
        if future is not None:
            try:
                future.result(timeout=timeout)
            except concurrent.futures.TimeoutError:
                return False
        return is_decided()

    def close(self) -> None:
        # Cases being decided finish; a case never started stays stored as received and is
        # decided by the next start's recovery.
        self._pool.shutdown(wait=True, cancel_futures=True)


class ProcrastinateQueue:
    in_process = False

    def __init__(self, conninfo: str, poll_seconds: float = 0.5) -> None:
        self._conninfo = conninfo
        self._poll = poll_seconds
        self._waiters: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()

    def enqueue(self, session: Session, case_id: str) -> None:
        # Listening before the job exists: its decision cannot be announced before anyone hears.
        with self._lock:
            if len(self._waiters) > 10_000:
                self._waiters.clear()  # left by failed submissions; live waits fall back to polling
            self._waiters.setdefault(case_id, threading.Event())
        self._ensure_listener()
        # procrastinate's versioned SQL API (what its Django integration does in the caller's
        # transaction). ``queueing_lock`` keeps one waiting job per case; ``lock`` keeps two
        # jobs of one case from running at once.
        session.execute(
            text(
                "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, :lock,"
                " CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
            ),
            {
                "queue": QUEUE_NAME,
                "task": DECIDE_TASK,
                "lock": case_id,
                # The request id follows the case into its job's log lines.
                "args": json.dumps({"case_id": case_id, "request_id": request_id.get()}),
            },
        )

    def committed(self, case_id: str) -> None:
        pass  # a worker was notified by the job's insert trigger

    def wait(self, case_id: str, timeout: float, is_decided: Callable[[], bool]) -> bool:
        with self._lock:
            event = self._waiters.setdefault(case_id, threading.Event())
        try:
            # The notification normally ends the wait; the database is asked only every
            # poll_seconds, in case one was missed (the listener reconnecting).
            deadline = time.monotonic() + timeout
            while (remaining := deadline - time.monotonic()) > 0:
                if event.wait(min(self._poll, remaining)) or is_decided():
                    return True
            return is_decided()
        finally:
            with self._lock:
                self._waiters.pop(case_id, None)

    def _ensure_listener(self) -> None:
        with self._lock:
            if self._listener is None or not self._listener.is_alive():
                self._listener = threading.Thread(target=self._listen, name="decision-listener", daemon=True)
                self._listener.start()

    def _listen(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {DECIDED_CHANNEL}")
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            with self._lock:
                                event = self._waiters.get(note.payload)
                            if event is not None:
                                event.set()
            except Exception:  # noqa: BLE001 - waiters fall back to polling meanwhile
                log.warning("decision listener lost its connection; reconnecting", exc_info=True)
                self._stop.wait(1.0)

    def close(self) -> None:
        self._stop.set()


def libpq_conninfo(sqlalchemy_url: str) -> str:
    """The same database as a libpq URL (what psycopg and procrastinate take)."""
    scheme, rest = sqlalchemy_url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgresql") else sqlalchemy_url
