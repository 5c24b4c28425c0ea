"""A reviewer's day in a real browser (Playwright driving Debian's chromium, installed by
scripts/install; no downloaded browser builds) against the real app served over HTTP, with the
portal on the other side: sign in, filter the queue, take the most urgent case, see the form, the
documents and the rule trace, return it with a comment; the portal resubmits a better photo, the
case is approved, and the portal's webhook has heard every step.

``UPDATE_SCREENSHOTS=1`` writes the pages' screenshots to docs/screenshots/ (the README shows
them)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from PIL import ImageFilter

from api.app import create_app
from approval.accounts import create_account
from approval.settings import REPO_ROOT
from approval.tokens import create_token
from devtools.synthetic import render_id_card_back, render_id_card_front
from devtools.synthetic.capture import encode
from ocr import read_document
from tests.api.test_webhooks import Receiver
from tests.support import IBR, PASSWORD, back_reading, front_reading, new_person, registration

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'browser.sqlite3'}"  # one database is enough for a browser's view


@pytest.fixture
def live(settings, service) -> Iterator[str]:  # noqa: ANN001
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings, service), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def shot(page, name: str, tmp_path: Path) -> None:  # noqa: ANN001
    folder = REPO_ROOT / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_reviewer_returns_a_case_and_the_corrected_resubmission_is_approved(live, service, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed (scripts/install installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    service.settings.webhook_retry_base_seconds = 0.1
    portal = {"Authorization": f"Bearer {create_token(service.sessions, 'portal', '一网通办')}"}
    receiver = Receiver(fail_first=1)
    receiver.secret = httpx.put(f"{live}/v1/webhook", headers=portal, json={"url": receiver.url}).json()[
        "secret"
    ]
    create_account(service.sessions, "wang", "王科员", "reviewer", PASSWORD)

    # The portal submits a registration whose card photo is blurred: a reviewer must look. The
    # photos are drawn cards; what the reader makes of each is set here (the reader has its tests).
    person = new_person(4242, age=35, name="李晓明")
    front = render_id_card_front(person)
    blurred_front, clear_front = encode(front.filter(ImageFilter.GaussianBlur(3))), encode(front)
    back = encode(render_id_card_back(person))
    readings = {blurred_front: front_reading(person, confidence=0.6), clear_front: front_reading(person),
                back: back_reading(person)}  # fmt: skip
    # Where each field is printed is the reader's own finding on the clear card (blurring moves
    # nothing), so the outlines drawn on the page are real.
    found = {kind: read_document(data).to_dict()["fields"] for kind, data in
             (("cn_id_card_front", clear_front), ("cn_id_card_back", back))}  # fmt: skip
    for reading in readings.values():
        for name, field in reading["fields"].items():
            field["where"] = found[reading["kind"]].get(name, {}).get("where")
    service._read_documents = lambda items: {part: readings[data] for part, data in items.items()}
    blurred = {"id_card_front": blurred_front, "id_card_back": back}
    files = {p: (f"{p}.png", d, "image/png") for p, d in blurred.items()}
    body = json.dumps(registration(person), ensure_ascii=False)
    case = httpx.post(
        f"{live}/v1/cases", headers=portal, data={"submission": body}, files=files, timeout=30
    ).json()
    assert case["status"] == "routed", case["reasons"]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page.goto(f"{live}/review")
        assert page.url.endswith("/review/login")  # no session: the sign-in page, not JSON
        page.fill("input[name=username]", "wang")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('登录')")
        page.select_option("select[name=matter]", IBR)
        page.click("button:has-text('筛选')")
        assert case["case_id"][:8] in page.inner_text("table")
        shot(page, "queue", tmp_path)

        page.click("button:has-text('领取下一件')")  # the most urgent task, claimed
        assert case["case_id"] in page.url
        text = page.inner_text("body")
        assert "申请人填写" in text and "李晓明" in text  # the form beside the card
        assert page.locator("figure.doc img").count() == 2  # the documents, drawn
        assert page.evaluate("[...document.querySelectorAll('.doc img')].every(i => i.naturalWidth > 0)")
        # Each field read is outlined on its document and tagged with its confidence.
        assert page.locator("figure.doc polygon").count() >= 3
        assert re.search(r"有效期限.* 0\.\d\d", page.inner_text("body"))
        document = page.request.get(live + page.locator("figure.doc img").first.get_attribute("src"))
        assert document.status == 200 and document.headers["cache-control"] == "no-store"
        assert "applicant.name_matches_id_card" in text  # the rule trace
        shot(page, "case", tmp_path)

        page.select_option("select[name=outcome]", "return")
        page.fill("input[name=comment]", "身份证人像面照片不清晰，请重新拍摄上传")
        page.click("button:has-text('提交')")
        assert "已退回" in page.inner_text("body")
        page.click("text=English")  # the reviewer's choice of language, on every page after
        assert "Returned" in page.inner_text("body") and "History" in page.inner_text("body")
        browser.close()

    # The portal resubmits a clear photo: the same case, now approved at once.
    clear = {"id_card_front": ("id_card_front.png", clear_front, "image/png")}
    url = f"{live}/v1/cases/{case['case_id']}/resubmission"
    again = httpx.post(url, headers=portal, data={"submission": body}, files=clear, timeout=30).json()
    assert again["case_id"] == case["case_id"] and again["status"] == "approved", again["reasons"]

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(receiver.events) < 3:
        time.sleep(0.1)
    receiver.server.shutdown()
    heard = sorted((e["at"], e["status"]) for e in receiver.events.values())
    assert [status for _, status in heard] == ["routed", "returned", "approved"]
    assert receiver.bad_signatures == 0 and receiver.requests > len(receiver.events)  # one retried
