"""The history trail: every case's events are a hash chain that an edit, a removal or an
insertion breaks, and `approval audit verify` names where."""

from __future__ import annotations

from sqlalchemy import text

from approval.cli import main as cli
from approval.persistence.audit import verify
from approval.use_cases import claim_task, decide_task, submit_case
from tests.support import authenticate_new, id_card_documents, new_person, registration


def decided_cases(service) -> tuple[str, str]:  # noqa: ANN001
    portal, reviewer = authenticate_new(service, "portal"), authenticate_new(service, "reviewer")
    adult, minor = new_person(901), new_person(902, age=17)
    approved = submit_case(service, portal, registration(adult), id_card_documents(adult))[0]["case_id"]
    routed = submit_case(service, portal, registration(minor), id_card_documents(minor))[0]["case_id"]
    claim_task(service, reviewer, routed)
    decide_task(service, reviewer, routed, "reject", "未满十八周岁")
    return approved, routed


def broken(service) -> list:  # noqa: ANN001
    with service.sessions() as session:
        return list(verify(session))


def test_every_case_history_forms_a_chain_that_holds(service):
    decided_cases(service)
    assert broken(service) == []
    with service.sessions() as session:
        rows = session.execute(text("SELECT prev_hash, hash FROM case_events ORDER BY case_id, id")).all()
    assert all(len(h) == 64 for _, h in rows) and rows[0][0] == ""


def test_an_edited_event_is_named(service, settings, monkeypatch, capsys):
    _, routed = decided_cases(service)
    with service.sessions.begin() as session:
        event_id = session.scalar(text("SELECT id FROM case_events WHERE case_id = :c AND type = 'rejected'"),
                                  {"c": routed})  # fmt: skip
        session.execute(
            text("UPDATE case_events SET actor = 'reviewer:someone-else' WHERE id = :i"), {"i": event_id}
        )
    [link] = broken(service)
    assert (link.case_id, link.event_id, link.type) == (routed, event_id, "rejected")
    assert "changed" in link.why
    monkeypatch.setenv("DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("APPROVAL_DATA_DIR", str(settings.data_dir))
    from approval.settings import get_settings

    get_settings.cache_clear()
    try:
        assert cli(["audit", "verify"]) == 1
    finally:
        get_settings.cache_clear()
    assert f"event {event_id} (rejected)" in capsys.readouterr().out


def test_a_removed_event_is_named(service):
    approved, _ = decided_cases(service)
    with service.sessions.begin() as session:
        first, second = session.scalars(
            text("SELECT id FROM case_events WHERE case_id = :c ORDER BY id LIMIT 2"), {"c": approved}
        ).all()
        session.execute(text("DELETE FROM case_events WHERE id = :i"), {"i": second})
    [link] = broken(service)
    assert link.case_id == approved and "removed or inserted" in link.why
