"""Impact tells the truth: re-deciding stored cases under the very rules they were decided
with changes nothing. A past case sees the world as it was: its own register entry, and the
entries of cases decided after it, are not duplicates of its name."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from approval.cli import main as cli
from approval.persistence.case_store import UploadedDocument
from approval.replay import impact
from approval.ruleset import load_rulebook
from approval.service import ApprovalService
from approval.settings import REPO_ROOT, Settings
from approval.tokens import Principal
from approval.use_cases import submit_case
from tests.support import (
    COMPANY,
    FOOD,
    IBR,
    SENIOR,
    SPR,
    FakeOcr,
    back_reading,
    company,
    fake_image,
    food_licence,
    front_reading,
    new_person,
    registration,
)

CASES = 1000
PORTAL = Principal("p1", "portal", "")
TRADES = ["嘉禾", "春晖", "聚福", "良品", "吉祥", "安康", "同心", "明德", "瑞丰", "宏达", "永盛", "德润"]
WORDS = ["五金", "水果", "服装", "日用百货", "办公用品", "星际"]  # 星际: a name the checker cannot parse


def documents(parts: dict[str, dict]) -> list[UploadedDocument]:
    return [UploadedDocument(p, f"{p}.png", "image/png", fake_image(r)) for p, r in parts.items()]


def cards(person, rng: random.Random) -> dict[str, dict]:
    front = front_reading(person, confidence=rng.choice((0.98, 0.98, 0.98, 0.7)))
    return {"id_card_front": front, "id_card_back": back_reading(person)}


def licence(code: str, name: str) -> dict:
    fields = {"credit_code": {"value": code, "confidence": 0.98}, "name": {"value": name, "confidence": 0.98}}
    return {"kind": "cn_business_licence", "fields": fields, "warnings": []}


def stored_world(service: ApprovalService, count: int, seed: int = 7) -> dict[str, int]:
    """``count`` cases of every matter, names drawn from a small pool so that many collide."""
    rng = random.Random(seed)
    registered: list[tuple[str, str]] = []  # (credit code, name) of approved individual businesses
    statuses: dict[str, int] = {}
    for i in range(count):
        person = new_person(10_000 + i, age=rng.choice((17, 30, 45, 60, 85)))
        kind = rng.choice((IBR, IBR, SPR, SPR, "change", FOOD, SENIOR, COMPANY))
        name_body = f"海门区{rng.choice(TRADES)}{rng.choice(WORDS)}"
        if kind == IBR:
            body = registration(person, business_name=name_body + rng.choice(("店", "商行", "经营部")))
            parts = cards(person, rng)
        elif kind == SPR:
            form = {
                "enterprise_name": name_body + rng.choice(("厂", "经营部（个人独资）", "经营部(个人独资)")),
                "business_scope": ["五金产品零售"],
                "business_address": "江苏省南通市海门区长江路9号",
                "region_code": "320614",
                "capital_cny": 100000,
                "contribution_form": "personal",
            }
            body = {**registration(person), "matter": SPR, "form": form}
            parts = cards(person, rng)
        elif kind == COMPANY:
            partners = [person, new_person(50_000 + i, age=rng.choice((16, 35, 50)))]
            body = company(partners, company_name=name_body + rng.choice(("有限公司", "中心")))
            parts = {}
            for n, partner in enumerate(partners, start=1):
                parts[f"shareholder_{n}_id_card_front"] = front_reading(partner)
                parts[f"shareholder_{n}_id_card_back"] = back_reading(partner)
        elif kind in ("change", FOOD) and registered:
            code, name = rng.choice(registered)
            if kind == FOOD:
                body = food_licence(person, code)
                parts = {"id_card_front": front_reading(person), "business_licence": licence(code, name)}
            else:
                form = {"credit_code": code, "business_name": name, "new_business_scope": ["五金产品零售"]}
                body = {**registration(person), "matter": "individual-business-change", "form": form}
                parts = {**cards(person, rng), "business_licence": licence(code, name)}
        else:
            form = {"household_region_code": "320614", "bank_account": "6222020200112233445"}
            body = {**registration(person), "matter": SENIOR, "form": form}
            parts = cards(person, rng)
        answer, _ = submit_case(service, PORTAL, body, documents(parts))
        statuses[f"{body['matter']} {answer['status']}"] = (
            statuses.get(f"{body['matter']} {answer['status']}", 0) + 1
        )
        if body["matter"] == IBR and answer["status"] == "approved":
            registered.append((answer["result"]["credit_code"], body["form"]["business_name"]))
    return statuses


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    data = tmp_path_factory.mktemp("impact")
    settings = Settings(data_dir=data, rules_dir=REPO_ROOT / "rules", DATABASE_URL=None)
    service = ApprovalService.open(settings, read_documents=FakeOcr())
    started = time.monotonic()
    statuses = stored_world(service, CASES)
    yield service, statuses, time.monotonic() - started
    service.close()


def test_the_stored_world_has_every_matter_and_every_outcome(world):
    _, statuses, _ = world
    assert sum(statuses.values()) == CASES
    for matter in (IBR, SPR, FOOD, SENIOR, "individual-business-change", COMPANY):
        assert any(k.startswith(matter + " ") for k in statuses), (matter, statuses)
    for matter in (IBR, SPR, COMPANY):
        for status in ("approved", "returned", "routed"):
            assert statuses.get(f"{matter} {status}", 0) > 0, (matter, status, statuses)


def test_impact_of_the_unchanged_ruleset_is_zero_changes(world):
    service, _, _ = world
    results = impact(service, load_rulebook(REPO_ROOT / "rules"))
    assert len(results) == CASES
    changed = [(r.case_id, r.matter, r.before, r.after) for r in results if r.before != r.after]
    assert changed == []


def test_impact_still_sees_a_change_that_matters(world, tmp_path):
    """A rule made stricter shows up: proof the zero above is not a blind spot."""
    service, statuses, _ = world
    rules = tmp_path / "rules"
    import shutil

    shutil.copytree(REPO_ROOT / "rules", rules)
    path = rules / "matters" / "sole-proprietorship-registration.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('op: ">", value: 0}', 'op: ">", value: 1000000}'), "utf-8")
    results = impact(service, load_rulebook(rules), SPR)
    moved = [r for r in results if (r.before, r.after) == ("approved", "returned")]
    assert len(moved) == statuses[f"{SPR} approved"]


def test_impact_command_reports_zero_changes(world, monkeypatch, capsys):
    service, _, _ = world
    monkeypatch.setenv("APPROVAL_DATA_DIR", str(Path(service.settings.data_dir)))
    monkeypatch.setenv("APPROVAL_RULES_DIR", str(REPO_ROOT / "rules"))
    from approval.settings import get_settings

    get_settings.cache_clear()
    try:
        assert cli(["rules", "impact", "--matter", IBR]) == 0
        out = capsys.readouterr().out
        assert " 0 would change" in f" {out.splitlines()[-1]}", out
    finally:
        get_settings.cache_clear()
