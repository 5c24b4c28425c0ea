"""The shapes the API answers with, as the OpenAPI document shows them.

The use cases build plain dicts; these models describe them (and check them on the way out).
Each allows keys it does not name, so a key the service adds is never silently dropped, and
routes answer with ``response_model_exclude_unset`` so a key the service leaves out stays out.
Moments are ISO 8601 strings with their zone, exactly as the service writes them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


Moment = str  # ISO 8601 with the zone


# -- errors ---------------------------------------------------------------------------------------
class ErrorItem(Shape):
    loc: list[str | int] = Field(default_factory=list, description="where: the path to the value at fault")
    field: str | None = Field(default=None, description="the same path written out (form.capital_cny)")
    type: str | None = Field(default=None, description="what kind of fault (missing, unknown_matter, …)")
    message: str | None = Field(default=None, description="what to fix, in the applicant's terms (Chinese)")
    msg: str | None = Field(default=None, description="the same, technically (English)")


class ErrorBody(Shape):
    code: str = Field(description="a stable name for the fault (invalid_json, not_found, …)")
    message: str
    errors: list[ErrorItem] | None = Field(default=None, description="each fault, when there are several")


class ErrorEnvelope(BaseModel):
    error: ErrorBody


# -- submissions ----------------------------------------------------------------------------------
class Applicant(Shape):
    name: str = Field(description="申请人姓名")
    id_number: str = Field(description="居民身份证号码")
    phone: str | None = Field(default=None, description="联系电话")


class Submission(Shape):
    """What a portal sends (``GET /v1/matters/{code}`` gives each matter's form schema)."""

    # The contract's example: shown in /docs, and sent first by the API fuzz test (a case stored).
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "matter": "individual-business-registration",
        "applicant": {"name": "张伟", "id_number": "32068419850302011X", "phone": "13812345678"},
        "form": {"business_name": "海门区张伟便利店", "organization_form": "individual",
                 "business_scope": ["日用百货销售"], "business_address": "江苏省南通市海门区长江路88号",
                 "region_code": "320614", "capital_cny": 50000, "employees": 2},
        "declarations": {"information_true": True},
    }]})  # fmt: skip

    matter: str = Field(description="the matter code, e.g. individual-business-registration")
    applicant: Applicant
    form: dict[str, Any] = Field(default_factory=dict, description="the matter's form (its form_schema)")
    declarations: dict[str, Any] = Field(default_factory=dict, description="e.g. information_true: true")


# -- cases ----------------------------------------------------------------------------------------
class Ruleset(Shape):
    """The exact rules a decision was made under (null until the case is decided)."""

    version: str | None
    digest: str | None


class Reason(Shape):
    code: str
    message: str | None = Field(default=None, description="Chinese, for the applicant")
    message_en: str | None = None
    action: str | None = Field(
        default=None, description="route (to a reviewer), return (to the applicant) or revoke (after a check)"
    )
    field: str | None = None
    source: str | None = None
    rule_id: str | None = None


class CaseDocument(Shape):
    part: str
    kind: str | None = None
    media_type: str | None = None
    size: int | None = None
    sha256: str
    warnings: list[Any] = Field(default_factory=list)


class HistoryEvent(Shape):
    at: Moment | None
    type: str
    actor: str
    data: dict[str, Any] = Field(default_factory=dict)
    actor_name: str | None = None


class Decision(Shape):
    decided_by: str | None
    decided_at: Moment | None
    comment: str | None
    status: str
    ruleset: Ruleset
    reasons: list[Reason]
    trace: list[dict[str, Any]]


class CaseView(Shape):
    case_id: str
    status: str = Field(description="received, processing, approved, routed, returned or rejected")
    matter: str
    ruleset: Ruleset
    reasons: list[Reason]
    extracted: dict[str, Any] = Field(description="what was read from each document, per part")
    submission: dict[str, Any] = Field(description="what the applicant sent")
    received_at: Moment | None
    decided_at: Moment | None
    due_by: Moment | None
    documents: list[CaseDocument]
    result: dict[str, Any] | None = Field(
        default=None, description="once registered: credit_code and the licence's URL"
    )
    claimed_by: str | None = Field(default=None, description="the reviewer holding the task")
    history: list[HistoryEvent]
    decisions: list[Decision]


class ChangedCase(Shape):
    case_id: str
    status: str
    matter: str
    changed_at: Moment
    reason_codes: list[str]


class ChangedCases(Shape):
    cases: list[ChangedCase]
    total: int
    limit: int
    offset: int


class WebhookSecret(Shape):
    url: str
    secret: str = Field(description="the HMAC-SHA256 signing secret; shown this once")


# -- review ---------------------------------------------------------------------------------------
class MaskedApplicant(Shape):
    name: str
    id_number: str | None


class TaskSummary(Shape):
    task_id: str
    case_id: str
    matter: str
    status: str = Field(description="open, claimed, or the case's status once decided")
    case_status: str
    applicant: MaskedApplicant
    reason_codes: list[str]
    received_at: Moment | None
    due_by: Moment | None
    claimed_by: str | None
    working_days_left: int | None
    warning: str | None = Field(description="green, yellow or red (电子监察)")
    due_by_china: Moment | None


class TaskPage(Shape):
    tasks: list[TaskSummary]
    total: int
    limit: int
    offset: int


class ReviewerLoadLine(Shape):
    reviewer: str
    label: str | None
    role: str
    claimed: int


class ReviewerLoad(Shape):
    reviewers: list[ReviewerLoadLine]


# -- rule authors ---------------------------------------------------------------------------------
class MatterSummary(Shape):
    code: str
    title: str
    instant_approval: bool
    materials: dict[str, str] = Field(description="part name → document kind")


class MatterCatalogue(Shape):
    matters: list[MatterSummary]
    ruleset: Ruleset


class MatterDetail(Shape):
    code: str
    title: str
    title_en: str | None = None
    instant_approval: bool
    materials: dict[str, str]
    repeat_materials_over: str | None = None
    optional_materials: list[str] = Field(default_factory=list)
    form_schema: dict[str, Any]
    time_limits: dict[str, Any]
    min_confidence: float
    parameters: dict[str, Any]
    rules: list[dict[str, Any]]
    source: str | None = None


class DryRun(Shape):
    case_id: None = None
    matter: str
    extracted: dict[str, Any]
    status: str
    ruleset: Ruleset
    reasons: list[Reason]
    due_by: Moment | None
    trace: list[dict[str, Any]]


# -- statistics -----------------------------------------------------------------------------------
class StatisticsRow(Shape):
    matter: str = Field(description="a matter code, or all")
    week: str = Field(description="an ISO week (2026-W07), or all")
    submitted: int
    decided: int
    instant_approval_rate: float | None
    on_time_rate: float | None
    average_working_days_to_decision: float | None
    top_routing_reasons: list[tuple[str, int]]
    top_return_reasons: list[tuple[str, int]]
    ratings: int = Field(description="cases the applicants rated (好差评)")
    average_rating: float | None = Field(description="their average score, 1 to 5")
    poor_ratings: int = Field(description="ratings of one or two stars (差评)")


class Statistics(Shape):
    since: Moment
    until: Moment
    rows: list[StatisticsRow]


# -- the service ----------------------------------------------------------------------------------
class Health(Shape):
    status: str
    ruleset: Ruleset


class Readiness(Shape):
    status: str = Field(description="ready or not_ready")
    checks: dict[str, bool]
    recovering: bool
    ruleset: Ruleset
