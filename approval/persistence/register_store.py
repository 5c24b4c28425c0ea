"""The business register: entries for approved registrations, each with a fresh credit code.

Works in the unit of work's session, so a serial is taken in the transaction that records the
decision: a decision that is not recorded consumes no serial.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from approval.business_names import name_key
from approval.credit_codes import issue_credit_code, new_verification_code
from approval.persistence.models import CodeSequenceRow, RegisterEntryRow


class RegisterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _next_serial(self, name: str) -> int:
        # The sequence's row stays locked until the transaction ends: serials are handed out in
        # order, and a transaction that does not commit hands none out.
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        self.session.execute(insert(CodeSequenceRow).values(name=name, value=0).on_conflict_do_nothing())
        return self.session.scalar(
            update(CodeSequenceRow)
            .where(CodeSequenceRow.name == name)
            .values(value=CodeSequenceRow.value + 1)
            .returning(CodeSequenceRow.value)
        )

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
        """A register row with an unused credit code (not yet added to the session)."""
        while True:
            code = issue_credit_code(kind, region_code, self._next_serial(f"org-code:{region_code}"))
            if self.session.get(RegisterEntryRow, code) is None:
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
            verification_code=new_verification_code(),
        )

    def get(self, credit_code: str) -> RegisterEntryRow | None:
        return self.session.get(RegisterEntryRow, credit_code.upper())
