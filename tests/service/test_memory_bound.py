"""Memory stays bounded (#14): a real server process is sent a 200 MB JSON body, 30 parts of
10 MB and a 20,000 × 20,000 PNG, each streamed from here without being held; every answer is a
4xx naming the limit, nothing is stored, and the server's peak resident memory stays under
MEMORY_BOUND_MB (on SQLite and, with TEST_DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from approval.settings import REPO_ROOT
from tests.support import id_card_images, new_person, registration, single_colour_png

MEMORY_BOUND_MB = 400  # measured: ~205 MB once started (SQLite; ~215 on PostgreSQL), no growth
GROWTH_BOUND_MB = 100  # with the limits lifted, the same requests took it to ~1,160 MB
MB = 1024 * 1024


def peak_rss_mb(pid: int) -> float:
    """The process's high-water mark of resident memory (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[tuple[str, str, int]]:
    """``(base URL, a portal token, pid)`` of ``approval serve`` on its own data dir and database."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "APPROVAL_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": database_url,
           "PYTHONUNBUFFERED": "1", "APPROVAL_JOB_QUEUE": "in-process"}  # fmt: skip
    log = (tmp_path / "server.log").open("w")
    command = [sys.executable, "-m", "approval.cli", "serve", "--port", str(port), "--demo-tokens"]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        token = ""
        for line in process.stdout:
            if line.strip().startswith("portal "):
                token = line.split()[1]
            if line.startswith("Serving on"):
                break
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start: " + (tmp_path / "server.log").read_text()[-3000:])
        yield base, token, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def json_body(total: int) -> Iterator[bytes]:
    yield b'{"matter": "individual-business-registration", "padding": "'
    for _ in range(total // MB):
        yield b"a" * MB
    yield b'"}'


def multipart(
    boundary: str, submission: dict, files: Iterator[tuple[str, Iterator[bytes]]]
) -> Iterator[bytes]:
    yield (f'--{boundary}\r\nContent-Disposition: form-data; name="submission"\r\n\r\n').encode()
    yield json.dumps(submission).encode()
    for name, chunks in files:
        yield (f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.png"\r\n'
               "Content-Type: image/png\r\n\r\n").encode()  # fmt: skip
        yield from chunks
    yield f"\r\n--{boundary}--\r\n".encode()


def ten_megabytes() -> Iterator[bytes]:
    yield b"\x89PNG\r\n\x1a\n"
    for _ in range(10):
        yield b"\x00" * (MB - 8 if _ == 0 else MB)


def test_large_and_hostile_bodies_get_a_4xx_and_memory_stays_bounded(server):
    base, token, pid = server
    started = peak_rss_mb(pid)
    portal = {"Authorization": f"Bearer {token}"}
    person = new_person(14)
    cards = id_card_images(person)
    answers: dict[str, httpx.Response] = {}
    boundary = "limits-test-boundary"
    form = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    with httpx.Client(base_url=base, headers=portal, timeout=120) as client:
        answers["200 MB of JSON"] = client.post(
            "/v1/cases", content=json_body(200 * MB), headers={"Content-Type": "application/json"}
        )
        thirty = ((f"id_card_{n}", ten_megabytes()) for n in range(30))
        answers["30 parts of 10 MB"] = client.post(
            "/v1/cases", content=multipart(boundary, registration(person), thirty), headers=form
        )
        huge = single_colour_png(20_000, 20_000)
        images = iter([("id_card_front", iter([huge])), ("id_card_back", iter([cards["id_card_back"]]))])
        answers["a 20,000 × 20,000 PNG"] = client.post(
            "/v1/cases", content=multipart(boundary, registration(person), images), headers=form
        )
        stored = client.get("/v1/cases").json()
    peak = peak_rss_mb(pid)
    print(f"\nserver peak resident memory: {started:.0f} MB once started, {peak:.0f} MB at the end")
    codes = {what: (r.status_code, r.json()["error"]["code"]) for what, r in answers.items()}
    assert codes == {
        "200 MB of JSON": (413, "body_too_large"),
        "30 parts of 10 MB": (413, "body_too_large"),
        "a 20,000 × 20,000 PNG": (413, "image_too_large"),
    }
    assert stored["total"] == 0
    assert peak < MEMORY_BOUND_MB, f"the server's peak resident memory was {peak:.0f} MB"
    assert peak - started < GROWTH_BOUND_MB, (
        f"the hostile requests took it from {started:.0f} to {peak:.0f} MB"
    )
