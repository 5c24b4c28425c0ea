"""The use cases: what the portal, reviewers, rule authors and operators can ask of the engine.

Each is a function of the composition root (``approval.service.ApprovalService``: settings,
rulebook, reader, evaluator, job queue) that does its reads and writes in units of work
(``with app.uow() as uow: … uow.commit()``). The API and the CLI call these; tests replace
``app.uow`` to run one against fakes.
"""

from approval.use_cases.authoring import dry_run
from approval.use_cases.bundles import bundle_view, submit_bundle
from approval.use_cases.licences import licence_face
from approval.use_cases.notifications import register_webhook
from approval.use_cases.processing import process_case, recover_unfinished
from approval.use_cases.ratings import handle_poor_rating, poor_ratings, rate_bundle, rate_case
from approval.use_cases.review import (
    assign_task,
    claim_task,
    decide_task,
    list_tasks,
    next_task,
    release_task,
    reviewer_load,
)
from approval.use_cases.submission import resubmit_case, submit_case
from approval.use_cases.viewing import (
    case_for,
    case_view,
    changed_cases,
    document_for,
    matter_detail,
    matter_summaries,
)

__all__ = [
    "assign_task",
    "bundle_view",
    "case_for",
    "case_view",
    "changed_cases",
    "claim_task",
    "decide_task",
    "document_for",
    "dry_run",
    "handle_poor_rating",
    "licence_face",
    "list_tasks",
    "matter_detail",
    "matter_summaries",
    "next_task",
    "poor_ratings",
    "process_case",
    "rate_bundle",
    "rate_case",
    "recover_unfinished",
    "register_webhook",
    "release_task",
    "resubmit_case",
    "reviewer_load",
    "submit_bundle",
    "submit_case",
]
