"""The shapes of 一件事 bundles in the OpenAPI document: what a portal sends and what it is
answered (the style of ``api/schemas.py``: plain dicts from the use cases, described here)."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import Field

from api.openapi import submission_body
from api.schemas import Applicant, Moment, Reason, Shape


class BundleSubmission(Shape):
    """One submission for several matters (``rules/catalogues/bundles.yaml``)."""

    bundle: str = Field(description="the bundle, e.g. open-business (开办企业一件事)")
    applicant: Applicant
    declarations: dict[str, Any] = Field(default_factory=dict, description="e.g. information_true: true")
    registration: dict[str, Any] = Field(
        description='{"matter": one of the bundle\'s registrations, "form": that matter\'s form}'
    )
    parts: dict[str, Any] = Field(
        default_factory=dict,
        description='the other matters asked for, by code: {"seal-engraving-filing": {"form": {…}}, …}',
    )


class BundlePart(Shape):
    part: str = Field(description="registration, or the matter's code")
    case_id: str = Field(description="an ordinary case: GET /v1/cases/{case_id}")
    matter: str
    status: str = Field(description="received, processing, approved, routed, returned or rejected")
    reasons: list[Reason]
    decided_at: Moment | None
    due_by: Moment | None
    result: dict[str, Any] | None = Field(
        default=None, description="the registration once approved: credit_code and the licence's URL"
    )


class BundleView(Shape):
    bundle_id: str
    bundle: str
    title: str | None
    status: str = Field(
        description="approved when every part is; processing while a part is being decided; else "
        "returned, routed or rejected (what the applicant, then a reviewer, must do first)"
    )
    received_at: Moment | None
    parts: list[BundlePart] = Field(description="the registration first, then the parts decided after it")


def bundle_submission_body() -> dict[str, Any]:
    """``openapi_extra`` for ``POST /v1/bundles``: JSON alone, or multipart with a ``submission``
    part and one file part per material of the registration, as for a case."""
    extra = copy.deepcopy(submission_body("The bundle: one applicant, one set of materials, several matters"))
    schema = BundleSubmission.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)  # Applicant is among the components already (api/openapi.py)

    def swap(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("$ref") == "#/components/schemas/Submission":
                return {**schema, **{k: v for k, v in node.items() if k != "$ref"}}
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    return swap(extra)
