"""A loaded ruleset: every matter's spec and compiled rules, plus the catalogues, under one
version and one digest of the exact files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from approval.ruleset.conditions import Condition, compile_outcomes, facts_used, params_used
from approval.ruleset.schema import MatterFile, RuleSpec
from approval.ruleset.vocabulary import FACTS, FactType, form_facts

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders in a message (names only: nothing is evaluated)."""
    return PLACEHOLDER.findall(text)


def fill_message(text: str, params: dict[str, int | float]) -> str:
    def value(match: re.Match) -> str:
        v = params.get(match.group(1))
        if v is None:
            return match.group(0)
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

    return PLACEHOLDER.sub(value, text)


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    condition: Condition

    @property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def facts(self) -> list[str]:
        return facts_used(self.condition)

    @cached_property
    def params(self) -> list[str]:
        return params_used(self.condition)


@dataclass(frozen=True)
class TimeLimitsView:
    statutory_working_days: int
    promised_working_days: int


@dataclass
class MatterSpec:
    file: MatterFile
    rules: list[Rule]
    source: str  # path of the rule file inside the ruleset

    @property
    def code(self) -> str:
        return self.file.code

    @property
    def title(self) -> str:
        return self.file.title

    @property
    def title_en(self) -> str:
        return self.file.title_en

    @property
    def instant_approval(self) -> bool:
        return self.file.instant_approval

    @property
    def materials(self) -> dict[str, str]:
        """As declared: names with ``{n}`` stand for one material per entry of a form list."""
        return dict(self.file.materials)

    def materials_for(self, submission: Any) -> dict[str, str]:
        """The materials of this submission: ``{n}`` names expanded over the form list the
        matter repeats them over (shareholder_1_…, shareholder_2_…)."""
        form = submission.get("form") if isinstance(submission, dict) else None
        entries = (form or {}).get(self.file.repeat_materials_over or "") if isinstance(form, dict) else None
        count = len(entries) if isinstance(entries, list) else 0
        out: dict[str, str] = {}
        for name, kind in self.file.materials.items():
            if "{n}" in name:
                out.update({name.replace("{n}", str(n)): kind for n in range(1, count + 1)})
            else:
                out[name] = kind
        return out

    def required_materials(self, submission: Any) -> dict[str, str]:
        optional = set(self.file.optional_materials)
        return {p: k for p, k in self.materials_for(submission).items() if p not in optional}

    @property
    def min_confidence(self) -> float:
        return self.file.min_confidence

    @property
    def time_limits(self) -> TimeLimitsView:
        return TimeLimitsView(**self.file.time_limits.model_dump())

    @cached_property
    def fact_types(self) -> dict[str, FactType]:
        return {**FACTS, **form_facts(self.file.form)}

    def form_json_schema(self) -> dict:
        schema = {"type": "object", "additionalProperties": False, **self.file.form}
        return schema

    def params_on(self, day: date) -> dict[str, int | float]:
        """Each parameter's value in force on ``day`` (the latest one that started by then).
        A parameter with no value yet in force is left out, so rules using it are undetermined."""
        out: dict[str, int | float] = {}
        for name, param in self.file.parameters.items():
            in_force = [v for v in param.values if v.effective_from <= day]
            if in_force:
                out[name] = max(in_force, key=lambda v: v.effective_from).value
        return out

    def to_public_dict(self) -> dict[str, Any]:
        f = self.file
        return {
            "code": f.code,
            "title": f.title,
            "title_en": f.title_en,
            "instant_approval": f.instant_approval,
            "materials": dict(f.materials),
            "repeat_materials_over": f.repeat_materials_over,
            "optional_materials": list(f.optional_materials),
            "form_schema": self.form_json_schema(),
            "time_limits": f.time_limits.model_dump(),
            "min_confidence": f.min_confidence,
            "parameters": {
                name: {
                    "description": p.description,
                    "values": [{"from": v.effective_from.isoformat(), "value": v.value} for v in p.values],
                }
                for name, p in f.parameters.items()
            },
            "rules": [
                {
                    "id": r.id,
                    "title": r.spec.title,
                    "when": r.spec.when,
                    "on_fail": r.spec.on_fail,
                    "message": r.spec.message.model_dump(),
                    "basis": r.spec.basis,
                    "facts": r.facts,
                }
                for r in self.rules
            ],
            "source": self.source,
        }


@dataclass
class Rulebook:
    version: str
    digest: str
    files: dict[str, str]
    matters: dict[str, MatterSpec]
    catalogues: dict[str, Any] = field(default_factory=dict)

    def ruleset_name(self, matter_code: str) -> str:
        """One engine ruleset per matter and exact file digest, so several versions (a
        replay of an old case) can live in one worker process."""
        return f"{matter_code}@{self.digest[:16]}"

    def compiled(self, matter_code: str) -> dict[str, tuple[dict, dict]]:
        return {r.id: compile_outcomes(r.condition) for r in self.matters[matter_code].rules}
