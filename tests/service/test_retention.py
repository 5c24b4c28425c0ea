"""Retention: a closed case's document bytes are deleted once the retention period has passed since
its decision; its decision, readings and history stay, the purge is an event of its history, and
the document answers 410 Gone. Recent and open cases keep theirs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.app import create_app
from approval.cli import main
from approval.persistence import audit
from approval.persistence.models import CaseRow
from approval.tokens import create_token
from approval.use_cases import case_view, submit_case
from approval.use_cases.retention import EVENT, RetentionSchedule, purge_documents
from tests.support import authenticate_new, bearer, id_card_documents, new_person, registration


def decided_days_ago(service, case_id: str, days: float) -> None:
    with service.sessions.begin() as session:
        moment = datetime.now(UTC) - timedelta(days=days)
        session.execute(update(CaseRow).where(CaseRow.id == case_id).values(decided_at=moment))


def submitted(service, portal, seed: int, **form) -> dict:
    person = new_person(seed, age=40)
    view, _ = submit_case(service, portal, registration(person, **form), id_card_documents(person))
    return view


@pytest.fixture
def portal(service):
    return authenticate_new(service, "portal")


def digests(service, case_id: str) -> list[str]:
    with service.uow() as uow:
        return [d.sha256 for d in uow.cases.documents(case_id)]


def test_old_closed_case_loses_its_documents_and_keeps_its_decision(service, portal):
    old = submitted(service, portal, 1)
    recent = submitted(service, portal, 2)
    routed = submitted(service, portal, 3, business_scope=["未知经营项目"])  # open: waits for a reviewer
    assert old["status"] == recent["status"] == "approved" and routed["status"] == "routed"
    retention = service.settings.document_retention_days
    decided_days_ago(service, old["case_id"], retention + 1)
    decided_days_ago(service, recent["case_id"], retention - 1)
    decided_days_ago(service, routed["case_id"], retention + 1)  # routed is not closed, however old

    report = purge_documents(service)

    assert report.cases == {old["case_id"]: ["id_card_front", "id_card_back"]}
    assert report.blobs_deleted == 2
    assert not any(service.blobs.exists(d) for d in digests(service, old["case_id"]))
    for kept in (recent, routed):
        assert all(service.blobs.exists(d) for d in digests(service, kept["case_id"]))
    after = case_view(service, old["case_id"])
    assert after["status"] == "approved" and after["result"] == old["result"]
    assert after["decisions"] == old["decisions"] and after["extracted"] == old["extracted"]
    purge = after["history"][-1]
    assert purge["type"] == EVENT and purge["actor"] == "retention"
    assert purge["data"] == {"documents": ["id_card_front", "id_card_back"], "retention_days": retention}
    with service.sessions() as session:
        assert list(audit.verify(session)) == []  # the purge is a link of the chain
    assert purge_documents(service).cases == {}  # done once


def test_the_purged_document_is_gone_but_the_case_is_still_read(settings, service, portal):
    old = submitted(service, portal, 4)
    decided_days_ago(service, old["case_id"], service.settings.document_retention_days + 1)
    purge_documents(service)
    reviewer = bearer(create_token(service.sessions, "reviewer", "r"))
    with TestClient(create_app(settings, service)) as client:
        gone = client.get(f"/v1/cases/{old['case_id']}/documents/id_card_front", headers=reviewer)
        assert gone.status_code == 410
        assert gone.json()["error"]["code"] == "gone"
        assert client.get(f"/v1/cases/{old['case_id']}", headers=reviewer).status_code == 200


def test_identical_bytes_of_a_kept_case_are_not_deleted(service, portal):
    person = new_person(5, age=40)
    old, _ = submit_case(service, portal, registration(person), id_card_documents(person))
    twin, _ = submit_case(service, portal, registration(person), id_card_documents(person))  # same photos
    decided_days_ago(service, old["case_id"], service.settings.document_retention_days + 1)
    report = purge_documents(service)
    assert list(report.cases) == [old["case_id"]] and report.blobs_deleted == 0
    assert all(service.blobs.exists(d) for d in digests(service, twin["case_id"]))


def test_dry_run_changes_nothing(service, portal):
    old = submitted(service, portal, 6)
    decided_days_ago(service, old["case_id"], service.settings.document_retention_days + 1)
    report = purge_documents(service, dry_run=True)
    assert list(report.cases) == [old["case_id"]] and report.blobs_deleted == 0
    assert all(service.blobs.exists(d) for d in digests(service, old["case_id"]))
    assert case_view(service, old["case_id"])["history"][-1]["type"] != EVENT


def test_a_purged_returned_case_resubmitted_without_its_card_is_asked_for_it(service, portal):
    from approval.use_cases import resubmit_case

    person = new_person(7, age=40)
    front, back = id_card_documents(person)
    returned, _ = submit_case(service, portal, registration(person), [front])  # the back is missing
    assert returned["status"] == "returned"
    decided_days_ago(service, returned["case_id"], service.settings.document_retention_days + 1)
    purge_documents(service)
    again = resubmit_case(service, portal, returned["case_id"], registration(person), [back])
    assert again["status"] == "returned"  # the purged front is missing now, and asked for
    assert [(r["code"], r["field"]) for r in again["reasons"]] == [("material.missing", "id_card_front")]


def test_cli_purge_and_the_hourly_schedule(settings, service, portal, monkeypatch, capsys):
    from approval.settings import get_settings

    old = submitted(service, portal, 8)
    decided_days_ago(service, old["case_id"], service.settings.document_retention_days + 1)
    monkeypatch.setenv("DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("APPROVAL_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        assert main(["retention", "purge", "--dry-run"]) == 0
        assert f"{old['case_id']}: would purge id_card_front, id_card_back" in capsys.readouterr().out
        assert all(service.blobs.exists(d) for d in digests(service, old["case_id"]))
    finally:
        get_settings.cache_clear()
    schedule = RetentionSchedule(every=3600)
    assert list(schedule.maybe_run(service).cases) == [old["case_id"]]
    assert schedule.maybe_run(service) is None  # not again within the hour
