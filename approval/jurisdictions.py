"""Which jurisdiction a case belongs to: the one of its region code. One deployment serves
every jurisdiction in ``rules/catalogues/jurisdictions.yaml``, each with its own places,
registration authority and reviewers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def region_of(submission: dict[str, Any]) -> str:
    """The case's region code: where the business is, where the household is registered, for a
    registered business the region part of its credit code (GB 32100, characters 3-8), or for a
    part of a bundle the region of the business it registers."""
    form = submission.get("form") if isinstance(submission.get("form"), dict) else {}
    for key in ("region_code", "household_region_code"):
        if isinstance(form.get(key), str) and form[key].strip():
            return form[key].strip()
    code = form.get("credit_code")
    if isinstance(code, str) and len(code) == 18:
        return code[2:8]
    # A part of a 一件事 bundle (seal, tax, bank, social insurance): its registration's region.
    bundle = submission.get("bundle")
    return str(bundle.get("region_code") or "") if isinstance(bundle, dict) else ""


def jurisdiction_of(submission: dict[str, Any], catalogues: dict[str, Any], default: str) -> str:
    region = region_of(submission)
    for code, place in (catalogues.get("jurisdictions") or {}).items():
        if region and region in _regions(place or {}):
            return str(code)
    return default


def _regions(place: dict) -> tuple[str, ...]:
    return tuple(str(r) for r in (*place.get("region_codes", ()), *place.get("household_region_codes", ())))


def jurisdiction_names(catalogues: dict[str, Any]) -> dict[str, str]:
    return {str(code): str((place or {}).get("name", code)) for code, place in
            (catalogues.get("jurisdictions") or {}).items()}  # fmt: skip


@dataclass(frozen=True)
class RegionScope:
    """The cases of one jurisdiction, by region code: those of its own regions, and, for the
    default jurisdiction, also those naming no jurisdiction's region (they belong to it)."""

    regions: tuple[str, ...]
    others: tuple[str, ...] | None = None  # set for the default jurisdiction: every other one's

    def holds(self, region: str) -> bool:
        if self.others is not None:
            return region not in self.others
        return region in self.regions


def scope_of(catalogues: dict[str, Any], jurisdiction: str | None, default: str) -> RegionScope | None:
    """The cases a person of ``jurisdiction`` works; None (no jurisdiction): every case."""
    if jurisdiction is None:
        return None
    places = {str(code): place or {} for code, place in (catalogues.get("jurisdictions") or {}).items()}
    own = _regions(places.get(jurisdiction, {}))
    if jurisdiction != default:
        return RegionScope(own)
    others = tuple(r for code, place in places.items() if code != jurisdiction for r in _regions(place))
    return RegionScope(own, others)
