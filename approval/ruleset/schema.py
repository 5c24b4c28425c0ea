"""The shape of a matter's rule file (``rules/matters/<code>.yaml``), as pydantic models.

``approval rules schema`` prints the JSON Schema these models describe, for editors.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ocr.reading import MATERIAL_KINDS

DOCUMENT_KINDS = MATERIAL_KINDS
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Message(Strict):
    zh: str = Field(min_length=1, description="shown to the applicant or reviewer")
    en: str = Field(min_length=1)


class TimeLimits(Strict):
    statutory_working_days: int = Field(ge=1, description="法定办结时限（工作日）")
    promised_working_days: int = Field(ge=0, description="承诺办结时限（工作日）")


class ParameterValue(Strict):
    effective_from: date = Field(alias="from", description="in force from this date (inclusive)")
    value: int | float


class Parameter(Strict):
    description: str
    values: list[ParameterValue] = Field(min_length=1)


class RuleSpec(Strict):
    id: str = Field(description="stable id, also the reason code when the rule fails")
    title: str
    when: dict[str, Any] = Field(description="the condition under which the rule passes")
    on_fail: Literal["route", "return"]
    message: Message
    basis: str = Field(description="法律依据")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not IDENTIFIER.match(value):
            raise ValueError("rule ids are lower-case words joined by '.' or '_'")
        return value


class MatterFile(Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    title_en: str
    instant_approval: bool
    materials: dict[str, Literal[DOCUMENT_KINDS]]  # type: ignore[valid-type]
    repeat_materials_over: str | None = Field(
        default=None,
        description="a list field of the form: a material named with {n} is needed once per entry,"
        " n = 1, 2, … in form order (shareholder_{n}_id_card_front)",
    )
    optional_materials: list[str] = Field(
        default_factory=list, description="materials a rule, not the materials check, asks for"
    )
    min_confidence: float = Field(ge=0.5, le=1.0, description="below this an OCR value is not used")
    time_limits: TimeLimits
    form: dict[str, Any] = Field(description="JSON Schema of the form object")
    include: list[str] = Field(
        default_factory=list, description="shared rule files under common/, their rules come first"
    )
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rules: list[RuleSpec] = Field(default_factory=list)


class CommonFile(Strict):
    """Rules (and their parameters) shared by several matters: ``common/<name>.yaml``."""

    description: str = ""
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rules: list[RuleSpec] = Field(min_length=1)


class RulesetFile(Strict):
    version: str = Field(min_length=1, description="published version label of the whole ruleset")
    published: date | None = None
    content_digest: str | None = Field(
        default=None, description="digest of every other rule file when this version was published"
    )
    notes: str = ""
