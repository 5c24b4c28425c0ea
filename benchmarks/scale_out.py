"""Scale-out and crash safety on this machine: PostgreSQL, two API processes, job workers.

    python benchmarks/scale_out.py [--image-cases 16] [--data-cases 40] [--kills 4]
        [--clients 6] [--skip-throughput] [--seed 5]

Everything runs on loopback against a scratch PostgreSQL database, bounded in count and time.

1. **Throughput** (unless ``--skip-throughput``): the same eligible image submissions (ID cards
   rendered and scanned) decided by one worker, then by two, each worker given one OCR process, so
   that each stands for one machine's worth of OCR on this two-core box. Cases per second from the
   first submission to the last decision.
2. **Kill run**: two API processes (``approval serve --workers 2``: uvicorn restarts a dead one)
   and two workers take image and data-only submissions from ``--clients`` portal threads, while
   one worker and one API process are killed with SIGKILL ``--kills`` times (a killed worker is
   started again, as a supervisor would). A portal whose request fails (connection reset, 5xx)
   retries with the same idempotency key, as the contract tells it to.

Printed: submitted, answered 2xx, lost (a submission with no stored case), duplicated (a
submission stored twice, or a case decided twice), routed for engine errors, returned for our
failures (a submission returned in the kill run although the same submission was not returned in
the calm run), undecided at the end, and the throughput table. Exit 1 if any of lost, duplicated,
returned-for-our-failures or undecided is not zero.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg

from approval.persistence.case_store import idempotency_key_digest
from benchmarks.servers import (
    APPROVAL,
    REPO,
    free_port,
    mint_token,
    running,
    service_environment,
    wait_healthy,
)
from benchmarks.submissions import eligible_registration
from devtools.synthetic import make_person, render_id_card_back, render_id_card_front
from devtools.synthetic.capture import capture

Submission = tuple[str, dict, dict[str, bytes]]  # (kind, body, files)


def submissions(image_cases: int, data_cases: int, seed: int) -> list[Submission]:
    """Eligible individual-business registrations: with scanned ID cards, or data only."""
    rng = random.Random(seed)
    out: list[Submission] = []
    for i in range(image_cases + data_cases):
        person = make_person(rng)
        body = eligible_registration(person, i + 1)
        if i < image_cases:
            files = {
                "id_card_front": capture(render_id_card_front(person), "scan", rng),
                "id_card_back": capture(render_id_card_back(person), "scan", rng),
            }
            out.append(("image", body, files))
        else:
            out.append(("data", body, {}))
    return out


def post(client: httpx.Client, token: str, key: str, body: dict, files: dict[str, bytes]) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    if not files:
        return client.post("/v1/cases", json=body, headers=headers)
    import json

    parts = {"submission": (None, json.dumps(body, ensure_ascii=False), "application/json")}
    parts.update({part: (f"{part}.png", data, "image/png") for part, data in files.items()})
    return client.post("/v1/cases", files=parts, headers=headers)


def submit_all(base: str, token: str, items: list[tuple[str, Submission]], clients: int) -> dict:
    """Each submission until it is answered 2xx (retrying with its key), at most 40 tries."""
    answered, retries = 0, 0
    lock = threading.Lock()

    def one(item: tuple[str, Submission]) -> None:
        nonlocal answered, retries
        key, (_, body, files) = item
        with httpx.Client(base_url=base, timeout=60) as client:
            for attempt in range(40):
                try:
                    response = post(client, token, key, body, files)
                    if response.is_success:
                        with lock:
                            answered += 1
                            retries += attempt
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.25)

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, items))
    return {"answered": answered, "retries": retries}


def outcomes(database_url: str, keys: list[str]) -> dict[str, list[tuple]]:
    """Per idempotency key of ``keys``: (case id, status, reason codes, engine decisions,
    attempts) of every case stored. The service stores a key's digest, not the key."""
    by_digest = {idempotency_key_digest(k): k for k in keys}
    plain = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain) as conn:
        rows = conn.execute(
            "SELECT c.idempotency_key, c.id, c.status, c.reason_codes,"
            " (SELECT count(*) FROM decisions d WHERE d.case_id = c.id AND d.decided_by = 'engine'),"
            " c.attempts FROM cases c"
        ).fetchall()
    out: dict[str, list[tuple]] = {}
    for digest, *rest in rows:
        out.setdefault(by_digest.get(digest, digest), []).append(tuple(rest))
    return out


def wait_decided(database_url: str, keys: list[str], seconds: float) -> dict[str, list[tuple]]:
    deadline = time.monotonic() + seconds
    while True:
        seen = outcomes(database_url, keys)
        undecided = [k for k in keys if any(c[1] in ("received", "processing") for c in seen.get(k, []))]
        if not undecided or time.monotonic() > deadline:
            return seen
        time.sleep(0.5)


def start_worker(stack: contextlib.ExitStack, env: dict[str, str], log: Path) -> subprocess.Popen:
    return stack.enter_context(running([*APPROVAL, "worker", "--concurrency", "2"], env, log))


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def throughput(env: dict[str, str], items: list[Submission], workers: int, clients: int, logs: Path) -> float:
    """Cases per second for ``items`` decided by ``workers`` workers (after a warm-up each)."""
    token = mint_token(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        stack.enter_context(running([*APPROVAL, "serve", "--port", str(port)], env, logs / "api.log"))
        for _ in range(workers):
            start_worker(stack, env, logs / "worker.log")
        wait_healthy(base, path="/readyz")
        # Warm-up: every worker loads its OCR models before the clock starts.
        warm = [(uuid.uuid4().hex, item) for item in items[: workers * 2]]
        submit_all(base, token, warm, workers * 2)
        keys = [(uuid.uuid4().hex, item) for item in items]
        started = time.perf_counter()
        submit_all(base, token, keys, clients)
        wait_decided(env["DATABASE_URL"], [k for k, _ in keys], 600)
        return len(items) / (time.perf_counter() - started)


def kill_run(env: dict[str, str], items: list[Submission], args: argparse.Namespace, logs: Path) -> dict:
    token = mint_token(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    keyed = [(uuid.uuid4().hex, item) for item in items]
    random.Random(args.seed).shuffle(keyed)
    kills = {"worker": 0, "api": 0}
    with contextlib.ExitStack() as stack:
        api = stack.enter_context(
            running([*APPROVAL, "serve", "--port", str(port), "--workers", "2"], env, logs / "api.log")
        )
        workers = [start_worker(stack, env, logs / "worker.log") for _ in range(2)]
        wait_healthy(base, path="/readyz")

        def chaos() -> None:
            rng = random.Random(args.seed)
            for _ in range(args.kills):
                time.sleep(args.kill_every)  # every kill happens, during the load or the decisions after it
                victim = rng.randrange(len(workers))
                os.killpg(workers[victim].pid, signal.SIGKILL)  # the worker and its OCR processes
                workers[victim].wait()
                kills["worker"] += 1
                workers[victim] = start_worker(stack, env, logs / "worker.log")
                api_children = children(api.pid)
                if api_children:
                    os.kill(rng.choice(api_children), signal.SIGKILL)  # uvicorn starts another
                    kills["api"] += 1

        killer = threading.Thread(target=chaos)
        started = time.perf_counter()
        killer.start()
        submitted = submit_all(base, token, keyed, args.clients)
        killer.join()
        seen = wait_decided(env["DATABASE_URL"], [k for k, _ in keyed], 300)
        elapsed = time.perf_counter() - started
    return {"keyed": keyed, "seen": seen, "kills": kills, "elapsed": elapsed, **submitted}


def calm_outcomes(
    env: dict[str, str], items: list[Submission], args: argparse.Namespace, logs: Path
) -> list[str]:
    """Each submission's status with nothing killed (one API process, one worker)."""
    token = mint_token(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    keyed = [(uuid.uuid4().hex, item) for item in items]
    with contextlib.ExitStack() as stack:
        stack.enter_context(running([*APPROVAL, "serve", "--port", str(port)], env, logs / "api.log"))
        start_worker(stack, env, logs / "worker.log")
        wait_healthy(base, path="/readyz")
        submit_all(base, token, keyed, args.clients)
        seen = wait_decided(env["DATABASE_URL"], [k for k, _ in keyed], 600)
    return [seen[k][0][1] if seen.get(k) else "lost" for k, _ in keyed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--image-cases", type=int, default=16)
    parser.add_argument("--data-cases", type=int, default=40)
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--kill-every", type=float, default=4.0, help="seconds between kills")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--logs", type=Path, default=None, help="keep the processes' logs here")
    args = parser.parse_args(argv)
    items = submissions(args.image_cases, args.data_cases, args.seed)
    images = [item for item in items if item[0] == "image"]
    logs = args.logs or Path(REPO / "data" / "scale_out_logs")
    logs.mkdir(parents=True, exist_ok=True)
    quick = {
        "APPROVAL_OCR_WORKERS": "1",  # one OCR process per worker: a worker is one machine's worth
        "APPROVAL_WORKER_HEARTBEAT_SECONDS": "1",
        "APPROVAL_WORKER_STALLED_AFTER_SECONDS": "4",
        "APPROVAL_LOG_FORMAT": "text",
    }
    rates = {}
    if not args.skip_throughput:
        for workers in (1, 2):
            with service_environment("postgresql", **quick) as env:
                rates[workers] = throughput(env, images, workers, args.clients, logs)
    with service_environment("postgresql", **quick) as env:
        calm = calm_outcomes(env, items, args, logs)
    with service_environment("postgresql", **quick) as env:
        run = kill_run(env, items, args, logs)

    seen, keyed = run["seen"], run["keyed"]
    index = {key: items.index(item) for key, item in keyed}
    lost = [k for k, _ in keyed if not seen.get(k)]
    duplicated = [k for k, _ in keyed if len(seen.get(k, [])) > 1 or any(c[3] > 1 for c in seen.get(k, []))]
    cases = [seen[k][0] for k, _ in keyed if seen.get(k)]
    engine = [c for c in cases if "engine." in c[2]]
    undecided = [c for c in cases if c[1] in ("received", "processing")]
    ours_returned = [
        k for k, _ in keyed if seen.get(k) and seen[k][0][1] == "returned" and calm[index[k]] != "returned"
    ]
    begun_again = [c for c in cases if c[4] > 1]
    statuses: dict[str, int] = {}
    for c in cases:
        statuses[c[1]] = statuses.get(c[1], 0) + 1

    data_only = len(items) - len(images)
    print(f"kill run: {len(items)} submissions ({len(images)} with ID-card images, {data_only} "
          f"data-only), {args.clients} portal threads, 2 API processes, 2 workers; killed "
          f"{run['kills']['worker']} workers and {run['kills']['api']} API processes (SIGKILL)")  # fmt: skip
    table = [
        ("submitted", len(items)),
        ("answered 2xx", run["answered"]),
        ("portal retries", run["retries"]),
        ("lost", len(lost)),
        ("duplicated", len(duplicated)),
        ("begun again after a kill", len(begun_again)),
        ("routed for engine errors", len(engine)),
        ("returned for our failures", len(ours_returned)),
        ("undecided at the end", len(undecided)),
        ("seconds", round(run["elapsed"], 1)),
    ]
    for label, value in table:
        print(f"  {label:28s} {value}")
    print(f"  outcomes: {statuses}; calm run: { {s: calm.count(s) for s in sorted(set(calm))} }")
    if rates:
        print(f"throughput on {len(images)} image cases (cases/s): 1 worker {rates[1]:.2f}, "
              f"2 workers {rates[2]:.2f}, ratio {rates[2] / rates[1]:.2f}")  # fmt: skip
    bad = len(lost) + len(duplicated) + len(ours_returned) + len(undecided)
    return 1 if bad or run["answered"] != len(items) else 0


if __name__ == "__main__":
    sys.exit(main())
