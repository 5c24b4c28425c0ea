"""Reference data (business register, credit blacklist, allowance recipients) in the
service's own database, seeded from ``rules/reference/*.yaml``. Implements
:class:`approval.reference_data.ReferenceData`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from approval.business_names import name_key
from approval.persistence.models import AllowanceRecipientRow, BlacklistRow, CaseEventRow, RegisterEntryRow
from approval.reference_data import AsOf, RegisterEntry, RegistrationOutcome
from approval.working_days import china_today

# The events that settle (or, for a resubmission, unsettle) what became of a case.
OUTCOME_EVENTS = ("approved", "routed", "returned", "rejected", "resubmitted")


def _entries(path: Path, key: str) -> list[dict]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):
        data = data.get(key) or data.get("entries") or []
    return list(data)


class DatabaseReferenceData:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def register_entry_by_credit_code(self, credit_code: str) -> RegisterEntry | None:
        with self.sessions() as session:
            row = session.get(RegisterEntryRow, credit_code.upper())
            return _to_entry(row) if row else None

    def register_name_taken(self, name: str, *, as_of: AsOf | None = None) -> bool:
        query = select(RegisterEntryRow.credit_code).where(RegisterEntryRow.name_key == name_key(name))
        if as_of is not None:
            # Entries other cases made later did not exist when this case was decided.
            query = query.where(
                or_(RegisterEntryRow.case_id.is_(None), RegisterEntryRow.case_id != as_of.case_id)
            ).where(or_(RegisterEntryRow.case_id.is_(None), RegisterEntryRow.registered_at <= as_of.moment))
        with self.sessions() as session:
            return session.scalar(query.limit(1)) is not None

    def is_blacklisted(self, id_number: str) -> bool:
        with self.sessions() as session:
            return session.get(BlacklistRow, id_number.upper()) is not None

    def is_allowance_recipient(self, id_number: str) -> bool:
        with self.sessions() as session:
            return session.get(AllowanceRecipientRow, id_number.upper()) is not None

    def registration_outcome(self, case_id: str, *, as_of: AsOf | None = None) -> RegistrationOutcome:
        events = select(CaseEventRow.type).where(
            CaseEventRow.case_id == case_id, CaseEventRow.type.in_(OUTCOME_EVENTS)
        )
        entry = select(RegisterEntryRow).where(RegisterEntryRow.case_id == case_id)
        if as_of is not None:
            events = events.where(CaseEventRow.at <= as_of.moment)
            entry = entry.where(RegisterEntryRow.registered_at <= as_of.moment)
        with self.sessions() as session:
            last = session.scalar(events.order_by(CaseEventRow.id.desc()).limit(1))
            row = session.scalar(entry.limit(1))
        status = None if last in (None, "resubmitted") else last
        if status != "approved" or row is None:
            return RegistrationOutcome(status)
        return RegistrationOutcome(status, row.credit_code, china_today(row.registered_at))

    def seed(self, reference_dir: Path) -> None:
        """Insert seed rows that are not there yet (safe to run at every start)."""
        with self.sessions.begin() as session:
            for item in _entries(reference_dir / "business_register.yaml", "register"):
                code = str(item["credit_code"]).upper()
                if session.get(RegisterEntryRow, code) is None:
                    session.add(
                        RegisterEntryRow(
                            credit_code=code,
                            name=item["name"],
                            name_key=name_key(item["name"]),
                            kind=item.get("kind", "individual-business"),
                            operator_name=item["operator_name"],
                            operator_id_number=str(item["operator_id_number"]).upper(),
                            address=item.get("address", ""),
                            region_code=str(item.get("region_code", "")),
                            registered_at=datetime.now(UTC),
                        )
                    )
            for item in _entries(reference_dir / "credit_blacklist.yaml", "blacklist"):
                number = str(item["id_number"] if isinstance(item, dict) else item).upper()
                if session.get(BlacklistRow, number) is None:
                    note = item.get("note", "") if isinstance(item, dict) else ""
                    session.add(BlacklistRow(id_number=number, note=note))
            for item in _entries(reference_dir / "allowance_recipients.yaml", "recipients"):
                number = str(item["id_number"] if isinstance(item, dict) else item).upper()
                if session.get(AllowanceRecipientRow, number) is None:
                    since = str(item.get("since", "")) if isinstance(item, dict) else ""
                    session.add(AllowanceRecipientRow(id_number=number, since=since))


def _to_entry(row: RegisterEntryRow) -> RegisterEntry:
    return RegisterEntry(
        credit_code=row.credit_code,
        name=row.name,
        operator_name=row.operator_name,
        operator_id_number=row.operator_id_number,
        kind=row.kind,
        address=row.address,
        region_code=row.region_code,
    )
