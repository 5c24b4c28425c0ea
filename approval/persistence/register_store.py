"""Entering approved registrations in the business register, with a fresh credit code."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from approval.business_names import name_key
from approval.credit_codes import issue_credit_code
from approval.persistence.models import CodeSequenceRow, RegisterEntryRow


class RegisterStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def _next_serial(self, name: str) -> int:
        for _ in range(5):
            with self.sessions.begin() as session:
                bumped = session.execute(
                    update(CodeSequenceRow)
                    .where(CodeSequenceRow.name == name)
                    .values(value=CodeSequenceRow.value + 1)
                )
                if bumped.rowcount == 1:
                    return session.scalar(select(CodeSequenceRow.value).where(CodeSequenceRow.name == name))
            try:
                with self.sessions.begin() as session:
                    session.add(CodeSequenceRow(name=name, value=1))
                return 1
            except IntegrityError:
                continue  # created concurrently; bump it on the next turn
        raise RuntimeError(f"could not allocate a serial for {name}")

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
    ) -> RegisterEntryRow:
        """A register row with an unused credit code (not yet added to any session)."""
        while True:
            serial = self._next_serial(f"org-code:{region_code}")
            code = issue_credit_code(kind, region_code, serial)
            with self.sessions() as session:
                if session.get(RegisterEntryRow, code) is None:
                    break
        return RegisterEntryRow(
            credit_code=code,
            name=name,
            name_key=name_key(name),
            kind=kind,
            operator_name=operator_name,
            operator_id_number=operator_id_number.upper(),
            address=address,
            region_code=region_code,
            registered_at=datetime.now(UTC),
            case_id=case_id,
        )

    def get(self, credit_code: str) -> RegisterEntryRow | None:
        with self.sessions() as session:
            return session.get(RegisterEntryRow, credit_code.upper())
