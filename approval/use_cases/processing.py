"""Deciding a stored case: claim it, run the pipeline outside any transaction, record the
decision (with its register entry) in one transaction. Safe to run again after a crash."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import logging
import threading
from typing import TYPE_CHECKING, Any

from approval import metrics
from approval.decision_record import DecisionRecord
from approval.pipeline.case_file import CaseFile
from approval.pipeline.decision import review_due
from approval.pipeline.reasons import reason
from approval.registration import registration_for
from approval.use_cases.bundles import queue_parts_after, waits_for_registration
from approval.use_cases.checks import draw_for_check

if TYPE_CHECKING:
    from approval.service import ApprovalService

log = logging.getLogger(__name__)


def process_case(app: ApprovalService, case_id: str) -> None:
    """Decide a stored case; a decided case is left as it is."""
    with app.deciding(case_id) as mine:
        if mine:  # else already being decided in this process (a recovery racing a request)
            _process(app, case_id)


def _process(app: ApprovalService, case_id: str) -> None:
    with app.uow() as uow:
        if waits_for_registration(uow, case_id):
            return  # a part of a bundle: its registration's decision queues it
        claimed = uow.cases.claim_for_processing(case_id)
        uow.commit()
    if claimed is None:
        return
    matter = app.rulebook.matters.get(claimed.matter)
    case = CaseFile(case_id=case_id, matter_code=claimed.matter, submission=claimed.submission, documents={},
                    received_at=claimed.received_at, clock_from=claimed.clock_from)  # fmt: skip
    if claimed.attempts > app.settings.max_attempts:
        # Begun that often without an answer (its worker died each time): a person looks.
        log.error("case %s: attempt %d of at most %d; routing to a reviewer", case_id, claimed.attempts,
                  app.settings.max_attempts)  # fmt: skip
        _record(app, routed_on_failure(case, matter, "engine.failed", code="engine.error"))
        return
    try:
        # A purged document (retention) is missing: the applicant is asked for it again.
        case.documents = {d.part: app.blobs.get(d.sha256) for d in claimed.documents if d.purged_at is None}
        case = app.decide(case)
    except concurrent.futures.TimeoutError:
        log.error("case %s: pipeline timed out; routing to a reviewer", case_id)
        case = routed_on_failure(case, matter, "engine.timeout", code="engine.timeout")
    except Exception:
        # Fail safe: whatever broke (a lost blob, a database hiccup, a bug), the case goes to a
        # person with the reason, never to approval and never lost in 'processing'.
        log.exception("case %s: pipeline failed; routing to a reviewer", case_id)
        case = routed_on_failure(case, matter, "engine.failed", code="engine.error")
    _record(app, case)
    log.info("case %s decided: %s (%s)", case_id, case.status, " ".join(r.code for r in case.reasons) or "-")


def _record(app: ApprovalService, case: CaseFile) -> None:
    record = DecisionRecord.of_decided_case(case, app.rulebook.version, app.rulebook.digest)
    with app.uow() as uow:
        entry, result = None, None
        if record.status == "approved":
            entry, result = registration_for(uow.register, case.case_id, case.matter_code, case.submission,
                                             app.settings.public_base_url)  # fmt: skip
        if uow.cases.record_engine_decision(case.case_id, record, readings=case.readings, result=result,
                                            register_entry=entry):  # fmt: skip
            queue_parts_after(app, uow, case.case_id)
            if record.status == "approved":  # an instant approval: drawn for a check afterwards, or not
                draw_for_check(app, uow, case.case_id, case.matter_code)
            uow.commit()
            metrics.record_decision(case.matter_code, record.status, case.received_at)


def routed_on_failure(case: CaseFile, matter: Any, text: str, code: str) -> CaseFile:
    """A routed copy of the case as far as it got: no outcome of a broken run can stand, and a
    timed-out run may still be changing the original in its thread."""
    return dataclasses.replace(
        case,
        matter=matter,
        status="routed",
        reasons=[reason(text, code=code)],
        readings=dict(case.readings),
        facts={},
        evaluation=None,
        stage_log=list(case.stage_log),
        due_by=review_due(matter, case.clock_from or case.received_at),
        result=None,
    )


def recover_unfinished(app: ApprovalService, stop: threading.Event | None = None) -> int:
    """Finish every case a crash or restart left mid-pipeline (until ``stop`` is set: the rest
    waits for the next start). For the in-process queue; the job queue's workers need none."""
    with app.uow() as uow:
        ids = uow.cases.unfinished_case_ids()
    for case_id in ids:
        if stop is not None and stop.is_set():
            break
        log.info("recovering case %s", case_id)
        try:
            process_case(app, case_id)
        except Exception:
            # Still stored as received/processing: the next start-up tries again, and one bad
            # case must not keep the service down or the others undecided.
            log.exception("case %s: could not be recovered now", case_id)
    return len(ids)
