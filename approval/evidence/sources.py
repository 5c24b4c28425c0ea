"""Reading the inputs a fact is derived from, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from approval.ruleset.facts import Evidence, Fact
from ocr.reading import ID_CARD_BOTH_SIDES


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

    def where(self, kind: str, field: str, part: str | None = None) -> Evidence:
        """Where a document field would come from, also when it is missing."""
        part = part or next((p for p, k in self.materials.items() if k == kind), kind)
        return Evidence(f"document:{part}", field)

    def candidates(self, kind: str, field: str, part: str | None = None) -> list | None:
        """Per character, the readings the recogniser thought likely (names only)."""
        for slot in self._slots(kind, part):
            item = (self.readings[slot].get("fields") or {}).get(field) or {}
            return item.get("candidates")
        return None

    def read(self, kind: str, field: str, part: str | None = None) -> Value | None:
        """A field read from the material that should hold a ``kind`` document (or from
        ``part``), if that material was read as that kind (a wrong document is never used)."""
        for slot in self._slots(kind, part):
            item = (self.readings[slot].get("fields") or {}).get(field)
            if not item or item.get("value") in (None, ""):
                return None
            confidence = float(item.get("confidence") or 0.0)
            return Value(item["value"], confidence, Evidence(f"document:{slot}", field, confidence))
        return None

    def _slots(self, kind: str, part: str | None) -> list[str]:
        """The materials expected to hold ``kind`` and read as it; a page with both sides of
        an ID card states the fields of either side."""
        return [
            slot
            for slot, expected in self.materials.items()
            if (part is None or slot == part)
            and expected == kind
            and (self.readings.get(slot) or {}).get("kind") in (kind, ID_CARD_BOTH_SIDES)
        ]
