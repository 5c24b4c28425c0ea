"""Replaying stored decisions.

* ``replay``: a stored case under the exact ruleset version it was decided with, on the
  facts stored with the decision (reference data may have changed since; the facts of the
  day are what was decided on). It must give the same outcome.
* ``impact``: stored cases under the working-copy rules, facts re-derived from the stored
  submission and readings (no OCR), to see what a rule change would do before publishing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from approval.decision_record import DecisionRecord
from approval.persistence.case_store import StoredCase
from approval.pipeline import decision, rule_evaluation, runner
from approval.pipeline.case_file import CaseFile, Reason
from approval.reference_data import AsOf, ReferenceData, RegisterEntry, RegistrationOutcome
from approval.ruleset import Rulebook, rulebook_from_files


@dataclass
class Replay:
    case_id: str
    matter: str
    version: str
    digest: str
    stored_status: str
    replayed_status: str
    rule_changes: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, stored, now)

    @property
    def same(self) -> bool:
        return self.stored_status == self.replayed_status and not self.rule_changes


def _stored_reasons(reasons: list[dict]) -> list[Reason]:
    """The reasons that did not come from rules (materials, form, reading)."""
    keep = []
    for r in reasons:
        if r.get("rule_id") or r["code"] == decision.NOT_INSTANT.code:
            continue
        keep.append(
            Reason(r["code"], r["message"], r.get("message_en", ""), r["action"], r.get("field"),
                   r.get("source"), None)
        )  # fmt: skip
    return keep


def replay(service: Any, case_id: str) -> Replay:
    with service.uow() as uow:
        found = uow.cases.load(case_id)
        if found is None:
            raise LookupError(case_id)
        row = found.row
        stored = next((d for d in found.decisions if d.decided_by == "engine"), None)
        if stored is None:
            raise LookupError(f"case {case_id} has no engine decision yet")
        snapshot = uow.cases.snapshot(stored.ruleset_digest)
        if snapshot is None:
            raise LookupError(f"ruleset {stored.ruleset_digest} is not stored")
    book = rulebook_from_files(dict(snapshot.files))
    record = DecisionRecord.load(stored.trace, status=stored.status, reasons=stored.reasons)
    facts, day = record.fact_values(), record.as_of
    case = CaseFile(case_id, row.matter, row.submission["body"], {}, row.received_at)
    case.matter = book.matters[row.matter]
    case.reasons = _stored_reasons(stored.reasons)
    if facts and day is not None:
        case.facts = facts
        rule_evaluation.run(case, lambda m, f, _d: service.evaluate(m, f, day, book))
    decision.run(case)
    before = record.outcomes()
    after = {r.rule_id: str(r.outcome) for r in (case.evaluation.results if case.evaluation else [])}
    rules = dict.fromkeys([*before, *after])
    changes = [(r, before.get(r, "-"), after.get(r, "-")) for r in rules if before.get(r) != after.get(r)]
    return Replay(case_id, row.matter, book.version, book.digest, stored.status, case.status or "", changes)


@dataclass
class Impact:
    case_id: str
    matter: str
    before: str
    after: str


def stored_readings(stored: StoredCase) -> dict[str, dict]:
    return {
        doc.part: {
            "kind": doc.kind or "unknown",
            "fields": stored.extracted.get(doc.part, {}),
            "warnings": doc.warnings or [],
        }
        for doc in stored.documents
    }


class AsDecided:
    """Reference data as a past case saw it: its own register entry, and the entries of cases
    decided after it, are not duplicates of its name. (The blacklist keeps no history; it is
    read as it is today.)"""

    def __init__(self, reference: ReferenceData, as_of: AsOf) -> None:
        self._reference = reference
        self._as_of = as_of

    def register_entry_by_credit_code(self, credit_code: str) -> RegisterEntry | None:
        return self._reference.register_entry_by_credit_code(credit_code)

    def register_name_taken(self, name: str, *, as_of: AsOf | None = None) -> bool:
        return self._reference.register_name_taken(name, as_of=as_of or self._as_of)

    def is_blacklisted(self, id_number: str) -> bool:
        return self._reference.is_blacklisted(id_number)

    def is_allowance_recipient(self, id_number: str) -> bool:
        return self._reference.is_allowance_recipient(id_number)

    def registration_outcome(self, case_id: str, *, as_of: AsOf | None = None) -> RegistrationOutcome:
        return self._reference.registration_outcome(case_id, as_of=as_of or self._as_of)


def impact(service: Any, working: Rulebook, matter: str | None = None) -> list[Impact]:
    """Every stored engine-decided case re-decided under ``working``."""
    out = []
    with service.uow() as uow:
        case_ids = uow.cases.case_ids(matter)
    for case_id in case_ids:
        with service.uow() as uow:
            found = uow.cases.load(case_id)
        row = found.row
        stored = next((d for d in found.decisions if d.decided_by == "engine"), None)
        if stored is None or row.matter not in working.matters:
            continue
        readings = stored_readings(found)
        deps = service.deps(working)
        deps.reference = AsDecided(service.reference, AsOf(case_id, stored.decided_at))
        deps.read_documents = lambda items, readings=readings: {
            p: readings[p] for p in items if p in readings
        }
        case = CaseFile(
            case_id,
            row.matter,
            row.submission["body"],
            # Presence is all the materials check needs; the bytes are not read again.
            {doc.part: b"stored" for doc in found.documents if doc.size},
            row.received_at,
        )
        case = runner.decide(case, deps)
        out.append(Impact(case_id, row.matter, stored.status, case.status or ""))
    return out


__all__ = ["AsDecided", "Impact", "Replay", "impact", "replay"]
