"""Processes the benchmarks start and stop: scratch databases, the API, workers, a bare app.

Everything listens on loopback only and is torn down when the benchmark ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
APPROVAL = [sys.executable, "-m", "approval.cli"]
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1])
            # Children are listed under the thread that started them (the OCR pool's come
            # from a pipeline thread), so every thread's list is read.
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total / 1024


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return out


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its living descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for current in _descendants(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def machine_cpu_seconds() -> float:
    """CPU time used by everything on the machine so far (all cores, idle excluded)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def scratch_postgres() -> Iterator[str]:
    """A database of its own (so its transaction counters are the service's alone)."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin_url = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url.replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_transactions(url: str) -> int:
    """Committed plus rolled-back transactions of that database so far (all its clients)."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    name = plain.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", (name,)
        ).fetchone()
    return int(row[0])


@contextlib.contextmanager
def service_environment(database: str, **extra: str) -> Iterator[dict[str, str]]:
    """Environment for `approval` processes on a fresh SQLite file or PostgreSQL database."""
    with tempfile.TemporaryDirectory() as data, contextlib.ExitStack() as stack:
        env = {**os.environ, "APPROVAL_DATA_DIR": data, "OMP_THREAD_LIMIT": "1", **extra}
        env.pop("DATABASE_URL", None)
        if database == "postgresql":
            env["DATABASE_URL"] = stack.enter_context(scratch_postgres())
        yield env


def mint_token(env: dict[str, str], role: str = "portal") -> str:
    return subprocess.run([*APPROVAL, "tokens", "create", "--role", role], env=env, cwd=REPO,
                          check=True, capture_output=True, text=True).stdout.strip()  # fmt: skip


def wait_healthy(base: str, seconds: float = 60.0, path: str = "/healthz") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}{path}", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base} did not come up within {seconds:.0f}s")


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], log: Path | None = None) -> Iterator[subprocess.Popen]:
    """A child process in its own process group, stopped (group and all) on exit."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)  # fmt: skip
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if log:
            out.close()
