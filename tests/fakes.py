"""An in-memory unit of work: the repositories the use cases need, over plain dicts, with
commit and rollback. A test runs a use case against it by replacing one attribute:

    service.uow = FakeDatabase().unit_of_work
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace

from approval.credit_codes import issue_credit_code, new_verification_code
from approval.persistence.blob_store import BlobStore
from approval.persistence.case_store import UNFINISHED, ClaimedCase, StoredCase, UploadedDocument


@dataclasses.dataclass
class Tables:
    cases: dict[str, SimpleNamespace] = dataclasses.field(default_factory=dict)
    documents: dict[str, list[SimpleNamespace]] = dataclasses.field(default_factory=dict)
    events: dict[str, list[SimpleNamespace]] = dataclasses.field(default_factory=dict)
    decisions: dict[str, list[SimpleNamespace]] = dataclasses.field(default_factory=dict)
    register: dict[str, SimpleNamespace] = dataclasses.field(default_factory=dict)
    checks: dict[str, object] = dataclasses.field(default_factory=dict)
    serial: int = 0


class FakeDatabase:
    def __init__(self) -> None:
        self.tables = Tables()
        self.commits = 0

    def unit_of_work(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class FakeUnitOfWork:
    session = None  # the in-process queue writes nothing to it

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database
        self._hooks: list[Callable[[], None]] = []

    def __enter__(self) -> FakeUnitOfWork:
        self.tables = copy.deepcopy(self._database.tables)  # this transaction's view
        self.cases = FakeCases(self.tables)
        self.register = FakeRegister(self.tables)
        self.bundles = FakeBundles()
        self.checks = FakeChecks(self.tables)
        return self

    def __exit__(self, *exc: object) -> None:
        pass  # uncommitted changes die with this copy

    def commit(self) -> None:
        self._database.tables = self.tables
        self._database.commits += 1
        hooks, self._hooks = self._hooks, []
        for hook in hooks:
            hook()

    def after_commit(self, hook: Callable[[], None]) -> None:
        self._hooks.append(hook)


class FakeBundles:
    """No 一件事 bundles here: no case waits for a registration, none is queued after one."""

    def waiting_for(self, case_id: str) -> str | None:
        return None

    def parts_after(self, case_id: str) -> list[str]:
        return []

    def parts_of(self, registration_id: str) -> list[str]:
        return []


class FakeChecks:
    """The instant approvals drawn for a check afterwards (事后监管)."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables

    def add(self, row: object) -> None:
        self.t.checks[row.case_id] = row

    def get(self, case_id: str) -> object | None:
        return self.t.checks.get(case_id)


class FakeCases:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    def add_event(self, case_id: str, type_: str, actor: str, data: dict, at: datetime | None = None) -> None:
        event = SimpleNamespace(at=at or datetime.now(UTC), type=type_, actor=actor, data=data)
        self.t.events[case_id].append(event)

    def add_case(
        self,
        *,
        owner_token_id: str,
        idempotency_key: str | None,
        request_digest: str,
        matter: str,
        submission: dict,
        documents: list[UploadedDocument],
        case_id: str,
        received_at: datetime,
    ) -> None:
        self.t.cases[case_id] = SimpleNamespace(
            id=case_id,
            matter=matter,
            status="received",
            owner_token_id=owner_token_id,
            idempotency_key=idempotency_key,
            submission={"body": submission, "request_digest": request_digest},
            received_at=received_at,
            decided_at=None,
            due_by=None,
            ruleset_version=None,
            ruleset_digest=None,
            reasons=[],
            result=None,
            claimed_by=None,
            attempts=0,
            region_code="",
        )
        self.t.documents[case_id] = []
        for doc in documents:
            self.t.documents[case_id].append(
                SimpleNamespace(
                    part=doc.part,
                    kind=None,
                    media_type=doc.media_type,
                    size=len(doc.data),
                    sha256=BlobStore.digest(doc.data),  # the bytes are in the blob store
                    warnings=[],
                    purged_at=None,
                )
            )
        self.t.events[case_id] = [SimpleNamespace(at=received_at, type="received", actor="portal", data={})]
        self.t.decisions[case_id] = []

    def find_by_idempotency_key(self, owner_token_id: str, key: str) -> SimpleNamespace | None:
        return next(
            (
                c
                for c in self.t.cases.values()
                if c.owner_token_id == owner_token_id and c.idempotency_key == key
            ),
            None,
        )

    def get(self, case_id: str) -> SimpleNamespace | None:
        return self.t.cases.get(case_id)

    def status(self, case_id: str) -> str | None:
        row = self.get(case_id)
        return row.status if row else None

    def load(self, case_id: str) -> StoredCase | None:
        row = self.get(case_id)
        if row is None:
            return None
        return StoredCase(
            row, self.t.documents[case_id], {}, self.t.events[case_id], self.t.decisions[case_id]
        )

    def claim_for_processing(self, case_id: str) -> ClaimedCase | None:
        row = self.get(case_id)
        if row is None or row.status not in UNFINISHED:
            return None
        row.status, row.attempts = "processing", row.attempts + 1
        return ClaimedCase(
            case_id,
            row.matter,
            row.submission["body"],
            row.received_at,
            row.attempts,
            self.t.documents[case_id],
        )

    def record_engine_decision(
        self,
        case_id: str,
        record,
        *,
        readings: dict,
        result: dict | None,  # noqa: ANN001
        register_entry: object | None = None,
    ) -> bool:
        row = self.get(case_id)
        if row is None or row.status not in UNFINISHED:
            return False
        row.status, row.reasons, row.result = record.status, record.reasons_json(), result
        row.decided_at, row.due_by = datetime.now(UTC), record.due_by
        row.ruleset_version, row.ruleset_digest = record.ruleset_version, record.ruleset_digest
        self.t.decisions[case_id].append(
            SimpleNamespace(
                status=record.status,
                decided_by="engine",
                decided_at=row.decided_at,
                comment=None,
                reasons=record.reasons_json(),
                trace=record.trace(),
                ruleset_version=record.ruleset_version,
                ruleset_digest=record.ruleset_digest,
            )
        )
        if register_entry is not None:
            self.t.register[register_entry.credit_code] = register_entry
        return True


class FakeRegister:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    def new_entry(
        self,
        *,
        case_id: str,
        kind: str,
        region_code: str,
        name: str,
        operator_name: str,
        operator_id_number: str,
        address: str,
    ) -> SimpleNamespace:
        self.t.serial += 1
        return SimpleNamespace(
            credit_code=issue_credit_code(kind, region_code, self.t.serial),
            case_id=case_id,
            kind=kind,
            name=name,
            operator_name=operator_name,
            address=address,
            region_code=region_code,
            registered_at=datetime.now(UTC),
            verification_code=new_verification_code(),
            revoked_at=None,
            revocation_reason="",
        )

    def get(self, credit_code: str) -> SimpleNamespace | None:
        return self.t.register.get(credit_code)
