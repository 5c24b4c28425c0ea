"""A decision can be replayed under the exact ruleset version it was made with, and the
impact of a rule change on stored cases is shown before it is published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from approval.cli import main as cli
from approval.persistence.case_store import UploadedDocument
from approval.replay import impact, replay
from approval.ruleset import load_rulebook
from approval.service import ApprovalService
from approval.settings import REPO_ROOT, Settings
from approval.tokens import Principal
from approval.use_cases import submit_case
from ocr.codes import id_check_char

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64  # a material's bytes; reading is faked below


def id_number(birth: str) -> str:
    body = "320614" + birth + "123"
    return body + id_check_char(body)


def fake_reader(applicant: dict):  # noqa: ANN201
    def read(items: dict[str, bytes]) -> dict[str, dict]:
        readings = {
            "id_card_front": {
                "kind": "cn_id_card_front",
                "fields": {
                    "name": {"value": applicant["name"], "confidence": 0.98},
                    "id_number": {"value": applicant["id_number"], "confidence": 0.99},
                },
                "warnings": [],
            },
            "id_card_back": {
                "kind": "cn_id_card_back",
                "fields": {
                    "valid_from": {"value": "2020-01-01", "confidence": 0.99},
                    "valid_until": {"value": "2040-01-01", "confidence": 0.99},
                },
                "warnings": [],
            },
        }
        return {part: readings[part] for part in items}

    return read


def submission(name: str, number: str, scope: list[str]) -> dict:
    return {
        "matter": "individual-business-registration",
        "applicant": {"name": name, "id_number": number},
        "form": {
            "organization_form": "individual",
            "business_scope": scope,
            "business_address": "江苏省南通市海门区长江路8号",
            "region_code": "320614",
        },
        "declarations": {"information_true": True},
    }


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO_ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def make_service(tmp_path: Path, rules_dir: Path, applicant: dict) -> ApprovalService:
    settings = Settings(data_dir=tmp_path / "data", rules_dir=rules_dir, DATABASE_URL=None)
    return ApprovalService.open(settings, read_documents=fake_reader(applicant))


def test_replay_gives_the_stored_outcome_even_after_the_rules_changed(tmp_path, rules_copy):
    applicant = {"name": "王伟", "id_number": id_number("19800101")}
    service = make_service(tmp_path, rules_copy, applicant)
    portal = Principal("p1", "portal", "")
    docs = [UploadedDocument(p, f"{p}.png", "image/png", PNG) for p in ("id_card_front", "id_card_back")]
    try:
        answer, _ = submit_case(service,
            portal, submission(applicant["name"], applicant["id_number"], ["日用百货销售"]), docs
        )
        assert answer["status"] == "approved"
        first_digest = answer["ruleset"]["digest"]
    finally:
        service.close()

    # The working copy now routes every individual business (min age 200).
    path = rules_copy / "common" / "registration.yaml"
    path.write_text(path.read_text("utf-8").replace("value: 18}", "value: 200}"), "utf-8")
    service = make_service(tmp_path, rules_copy, applicant)
    try:
        assert service.rulebook.digest != first_digest
        result = replay(service, answer["case_id"])
        assert result.digest == first_digest
        assert (result.stored_status, result.replayed_status) == ("approved", "approved")
        assert result.same

        changes = impact(service, load_rulebook(rules_copy), "individual-business-registration")
        assert [(c.case_id, c.before, c.after) for c in changes] == [
            (answer["case_id"], "approved", "routed")
        ]
    finally:
        service.close()


def test_replay_command_prints_same_outcome(tmp_path, rules_copy, monkeypatch, capsys):
    applicant = {"name": "李娜", "id_number": id_number("19900202")}
    service = make_service(tmp_path, rules_copy, applicant)
    portal = Principal("p1", "portal", "")
    docs = [UploadedDocument("id_card_front", "f.png", "image/png", PNG)]  # back missing
    try:
        answer, _ = submit_case(service,
            portal, submission(applicant["name"], applicant["id_number"], ["食品销售"]), docs
        )
    finally:
        service.close()
    assert answer["status"] == "returned"
    monkeypatch.setenv("APPROVAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("APPROVAL_RULES_DIR", str(rules_copy))
    from approval.settings import get_settings

    get_settings.cache_clear()
    try:
        assert cli(["rules", "replay", answer["case_id"]]) == 0
        out = capsys.readouterr().out
        assert "stored:   returned" in out and "replayed: returned" in out and "same outcome" in out
        assert cli(["rules", "impact"]) == 0
        assert "0 would change, 1 unchanged" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()
