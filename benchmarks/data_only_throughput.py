"""Data-only decisions against a bare FastAPI endpoint, same server, client and body.

    python benchmarks/data_only_throughput.py [--database sqlite|postgresql|both]
        [--clients 16] [--requests 400] [--api-processes 1] [--workers 1]

A data-only submission (a registration with no images, so no OCR) is decided in full: stored,
queued, rules evaluated, decision recorded, answered. The baseline is `benchmarks/bare_app.py`
on the same uvicorn with the same client. The table prints requests per second, latency, the
ratio to the baseline and, on PostgreSQL, database transactions per case (every client of the
scratch database counted by the server itself, queue and workers included).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import random
import statistics
import sys
import threading
import time

import httpx

from benchmarks.servers import (
    APPROVAL,
    cpu_seconds,
    free_port,
    machine_cpu_seconds,
    mint_token,
    postgres_transactions,
    running,
    service_environment,
    wait_healthy,
)
from benchmarks.submissions import eligible_registration
from devtools.synthetic import make_person


def bodies(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        person = make_person(rng)
        out.append(eligible_registration(person, i % 300 + 1))
    return out


def drive(base: str, headers: dict[str, str], cases: list[dict], clients: int) -> dict:
    """Send every body once from ``clients`` threads, each with its own keep-alive connection."""
    local = threading.local()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def send(body: dict) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, headers=headers, timeout=60)
        t0 = time.perf_counter()
        answer = local.client.post("/v1/cases", json=body)
        elapsed = time.perf_counter() - t0
        status = (
            answer.json().get("status", str(answer.status_code))
            if answer.is_success
            else str(answer.status_code)
        )
        with lock:
            latencies.append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(send, cases))
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(cases) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "statuses": statuses,
    }


def uvicorn(app: str, port: int, processes: int) -> list[str]:
    command = [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--log-level", "warning"]
    if app.endswith("create_app"):
        command.append("--factory")
    return command + (["--workers", str(processes)] if processes > 1 else [])


def measured(base: str, headers: dict, cases: list[dict], clients: int, api_pid: int, worker_pids: list[int],
             database_url: str | None) -> dict:  # fmt: skip
    """One run with the CPU each side used (ms per case) and the database's transactions."""
    xact0 = postgres_transactions(database_url) if database_url else None
    api0, workers0, all0 = cpu_seconds(api_pid), sum(map(cpu_seconds, worker_pids)), machine_cpu_seconds()
    result = drive(base, headers, cases, clients)
    api1, workers1, all1 = cpu_seconds(api_pid), sum(map(cpu_seconds, worker_pids)), machine_cpu_seconds()
    per = 1000 / len(cases)
    result["cpu"] = {
        "api": (api1 - api0) * per,
        "workers": (workers1 - workers0) * per,
        "rest": ((all1 - all0) - (api1 - api0) - (workers1 - workers0)) * per,  # database, client
    }
    if database_url:
        result["xact"] = (postgres_transactions(database_url) - xact0) / len(cases)
    return result


def measure(database: str, queue: str, args: argparse.Namespace) -> list[tuple]:
    """The bare endpoint, then data-only decisions, on one fresh database."""
    cases = bodies(args.requests, args.seed)
    warm = bodies(args.clients * 2, args.seed + 1)
    with service_environment(database, APPROVAL_ANSWER_WITHIN_SECONDS="60", APPROVAL_JOB_QUEUE=queue) as env:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with running(uvicorn("benchmarks.bare_app:app", port, args.api_processes), env) as bare_app:
            wait_healthy(base)
            drive(base, {}, warm, args.clients)
            bare = measured(base, {}, cases, args.clients, bare_app.pid, [], None)
        token = mint_token(env)
        headers = {"Authorization": f"Bearer {token}"}
        workers = args.workers if queue == "procrastinate" else 0
        with contextlib.ExitStack() as stack:
            api = stack.enter_context(running(uvicorn("api.app:create_app", port, args.api_processes), env))
            command = [*APPROVAL, "worker", "--concurrency", str(args.worker_concurrency)]
            worker_pids = [stack.enter_context(running(command, env)).pid for _ in range(workers)]
            wait_healthy(base, path="/readyz")
            drive(base, headers, warm, args.clients)
            result = measured(
                base, headers, cases, args.clients, api.pid, worker_pids, env.get("DATABASE_URL")
            )
            assert api.poll() is None, "the API process died during the run"
    where = f"{database}/{'threads' if queue == 'in-process' else 'queue'}"
    return [("bare endpoint", where, args.api_processes, "-", bare),
            ("data-only decision", where, args.api_processes, workers or "-", result)]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--api-processes", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="`approval worker` processes (PostgreSQL)")
    parser.add_argument(
        "--queue",
        nargs="+",
        choices=("procrastinate", "in-process"),
        default=["procrastinate"],
        help="on PostgreSQL: the job queue and workers, or threads in the API process",
    )
    parser.add_argument("--worker-concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    runs = []
    for database in ("sqlite", "postgresql") if args.database == "both" else (args.database,):
        queues = ("in-process",) if database == "sqlite" else args.queue
        runs.extend(measure(database, queue, args) for queue in queues)
    print(f"{'what':19s} {'database/queue':17s} {'API':>3s} {'workers':>7s} {'req/s':>6s} {'p50 ms':>6s} "
          f"{'p95 ms':>6s} {'ratio':>5s} {'xact/case':>9s}  {'CPU ms/case: API':>16s} {'workers':>7s} "
          f"{'db+client':>9s}  answers")  # fmt: skip
    for (_, where, api, _, bare), decision in runs:
        for what, _, _, workers, r in (("bare endpoint", where, api, "-", bare), decision):
            xact = f"{r['xact']:9.1f}" if "xact" in r else f"{'-':>9s}"
            cpu = r["cpu"]
            print(f"{what:19s} {where:17s} {api:3d} {workers!s:>7s} {r['rps']:6.1f} {r['p50']:6.0f} "
                  f"{r['p95']:6.0f} {r['rps'] / bare['rps']:5.2f} {xact}  {cpu['api']:16.1f} "
                  f"{cpu['workers']:7.1f} {cpu['rest']:9.1f}  {r['statuses']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
