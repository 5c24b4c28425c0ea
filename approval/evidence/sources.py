"""Reading the inputs a fact is derived from, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from approval.ruleset.facts import Evidence, Fact


@dataclass(frozen=True)
class Value:
    """An input to a derivation: its value, confidence (None = typed, certain) and source."""

    value: Any
    confidence: float | None
    evidence: Evidence


def derived(value: Any, *inputs: Value | None) -> Fact:
    """A fact computed from ``inputs``: as confident as the least confident of them."""
    used = [i for i in inputs if i is not None]
    confidences = [i.confidence for i in used if i.confidence is not None]
    return Fact(
        value=value,
        confidence=min(confidences) if confidences else None,
        evidence=tuple(i.evidence for i in used),
    )


def unknown(*evidence: Evidence) -> Fact:
    """A fact we could not establish; the evidence names what was missing."""
    return Fact(value=None, confidence=None, evidence=evidence)


class Inputs:
    """The submission and the readings of the documents, by contract field name."""

    def __init__(self, submission: dict, readings: dict[str, dict], materials: dict[str, str]):
        self.applicant = submission.get("applicant") or {}
        self.form = submission.get("form") or {}
        self.declarations = submission.get("declarations") or {}
        self.readings = readings
        self.materials = materials

    def typed(self, section: str, field: str) -> Value | None:
        data = {"applicant": self.applicant, "form": self.form, "declarations": self.declarations}
        value = data[section].get(field)
        if value is None:
            return None
        return Value(value, None, Evidence(section, field))

    def where(self, kind: str, field: str) -> Evidence:
        """Where a document field would come from, also when it is missing."""
        part = next((p for p, k in self.materials.items() if k == kind), kind)
        return Evidence(f"document:{part}", field)

    def candidates(self, kind: str, field: str) -> list | None:
        """Per character, the readings the recogniser thought likely (names only)."""
        for part, expected in self.materials.items():
            reading = self.readings.get(part) or {}
            if expected == kind and reading.get("kind") in (kind, "cn_id_card_both_sides"):
                item = (reading.get("fields") or {}).get(field) or {}
                return item.get("candidates")
        return None

    def read(self, kind: str, field: str) -> Value | None:
        """A field read from the material that should hold a ``kind`` document, if that
        material was read as that kind (a wrong document is never used)."""
        for part, expected in self.materials.items():
            reading = self.readings.get(part) or {}
            read_as = reading.get("kind")
            # A page with both sides of an ID card states the fields of either side.
            if expected != kind or not (read_as == kind or read_as == "cn_id_card_both_sides"):
                continue
            item = (reading.get("fields") or {}).get(field)
            if not item or item.get("value") in (None, ""):
                return None
            confidence = float(item.get("confidence") or 0.0)
            return Value(item["value"], confidence, Evidence(f"document:{part}", field, confidence))
        return None
