"""The facts a rule may use, with the evidence behind each one.

A fact is a single typed value. Facts read from documents carry the OCR
confidence; facts typed by the applicant or computed from them carry
``confidence=None`` (certain as far as the engine is concerned).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

FactValue = str | int | float | bool | None


@dataclass(frozen=True)
class Evidence:
    """Where a fact came from: ``source`` is ``form``, ``applicant``,
    ``document:<part>``, ``derived`` or ``reference:<dataset>``."""

    source: str
    field: str
    confidence: float | None = None

    def to_dict(self) -> dict:
        return {"source": self.source, "field": self.field, "confidence": self.confidence}


@dataclass(frozen=True)
class Fact:
    value: FactValue
    confidence: float | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def with_evidence(self, *more: Evidence) -> Fact:
        return Fact(self.value, self.confidence, (*self.evidence, *more))

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
        }


Facts = dict[str, Fact]


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNDETERMINED = "undetermined"
