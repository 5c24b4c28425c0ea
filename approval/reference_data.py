"""Reference data the rules consult (数据共享 in a real deployment).

The pipeline only sees :class:`ReferenceData`; the service's own database
implementation is in ``approval.persistence.reference_store`` and a real
data-sharing client can replace it without touching the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from approval.business_names import name_key


@dataclass(frozen=True)
class RegisterEntry:
    credit_code: str
    name: str
    operator_name: str
    operator_id_number: str
    kind: str  # "individual-business" | "sole-proprietorship"
    address: str = ""
    region_code: str = ""


@dataclass(frozen=True)
class AsOf:
    """The world as one case saw it when it was decided: its own register entry and those
    other cases made afterwards did not exist yet (re-evaluating a past case)."""

    case_id: str
    moment: datetime


@dataclass(frozen=True)
class RegistrationOutcome:
    """What became of a registration another case depends on (the parts of a 一件事 bundle):
    its last decision (None while undecided) and, once approved, the credit code and the date
    the licence was issued (the establishment date)."""

    status: str | None = None
    credit_code: str | None = None
    established_on: date | None = None


class ReferenceData(Protocol):
    def register_entry_by_credit_code(self, credit_code: str) -> RegisterEntry | None: ...

    def register_name_taken(self, name: str, *, as_of: AsOf | None = None) -> bool:
        """Whether a register entry has this name, compared by ``name_key``."""
        ...

    def is_blacklisted(self, id_number: str) -> bool: ...

    def is_allowance_recipient(self, id_number: str) -> bool: ...

    def registration_outcome(self, case_id: str, *, as_of: AsOf | None = None) -> RegistrationOutcome:
        """The registration decided as case ``case_id`` (as it stood at ``as_of``)."""
        ...


class InMemoryReferenceData:
    """For tests and the reference evaluator: plain Python collections."""

    def __init__(
        self,
        register: list[RegisterEntry] | None = None,
        blacklist: set[str] | None = None,
        allowance_recipients: set[str] | None = None,
        registrations: dict[str, RegistrationOutcome] | None = None,
    ) -> None:
        self.register = {e.credit_code: e for e in register or []}
        self.blacklist = set(blacklist or ())
        self.allowance_recipients = set(allowance_recipients or ())
        self.registrations = dict(registrations or {})

    def register_entry_by_credit_code(self, credit_code: str) -> RegisterEntry | None:
        return self.register.get(credit_code)

    def register_name_taken(self, name: str, *, as_of: AsOf | None = None) -> bool:
        # Entries here carry no case or time, so ``as_of`` changes nothing.
        return any(name_key(e.name) == name_key(name) for e in self.register.values())

    def is_blacklisted(self, id_number: str) -> bool:
        return id_number.upper() in self.blacklist

    def is_allowance_recipient(self, id_number: str) -> bool:
        return id_number.upper() in self.allowance_recipients

    def registration_outcome(self, case_id: str, *, as_of: AsOf | None = None) -> RegistrationOutcome:
        return self.registrations.get(case_id, RegistrationOutcome())
