"""``approval worker``: a process that decides stored cases taken from the job queue.

Jobs are procrastinate's (PostgreSQL). Each worker also, every few seconds:

* gives the jobs of a worker that stopped sending heartbeats (killed, its machine lost) back to
  the queue, so another worker decides them;
* enqueues any undecided case that has no job waiting or running (a job that failed for good
  because the database was away, a case stored before the queue existed);
* delivers the webhook notifications whose time has come (``approval.webhooks``);
* once an hour, purges the documents of cases closed before the retention period.

A case is never decided twice at once (the job's ``lock`` is the case id) and never twice at
all (recording a decision only succeeds on an undecided case); a case whose decision was begun
``max_attempts`` times without an answer goes to a reviewer (``approval.use_cases.processing``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from sqlalchemy import text

from approval import request_context
from approval.job_queue import DECIDE_TASK, QUEUE_NAME, libpq_conninfo
from approval.service import ApprovalService
from approval.use_cases import process_case
from approval.use_cases.retention import RetentionSchedule
from approval.webhooks import deliver_due

log = logging.getLogger(__name__)

SWEEP_SECONDS = 2.0
# An undecided case older than this with no job waiting or running gets a new one.
ORPHAN_AFTER_SECONDS = 30


def build_app(conninfo: str) -> Any:
    import procrastinate

    return procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo))


def register_tasks(app: Any, service: ApprovalService) -> None:
    import procrastinate

    # A job that raises (the database away while recording) is tried again; the attempt count
    # on the case routes it to a reviewer before procrastinate would give up on it.
    retry = procrastinate.RetryStrategy(max_attempts=service.settings.max_attempts + 2, wait=2)

    @app.task(name=DECIDE_TASK, queue=QUEUE_NAME, retry=retry)
    def decide_case(case_id: str, request_id: str = "-") -> None:
        token = request_context.request_id.set(request_id)
        try:
            process_case(service, case_id)
        finally:
            request_context.request_id.reset(token)


def requeue_orphans(service: ApprovalService) -> int:
    with service.uow() as uow:
        orphans = list(
            uow.session.scalars(
                text(
                    "SELECT c.id FROM cases c WHERE c.status IN ('received', 'processing')"
                    " AND c.received_at < now() - make_interval(secs => :age)"
                    " AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j"
                    "   WHERE j.lock = c.id AND j.status IN ('todo', 'doing'))"
                ),
                {"age": ORPHAN_AFTER_SECONDS},
            )
        )
        for case_id in orphans:
            log.warning("case %s: undecided with no job; enqueued again", case_id)
            service.queue.enqueue(uow.session, case_id)
        uow.commit()
    return len(orphans)


async def _sweep(app: Any, service: ApprovalService, stop: asyncio.Event) -> None:
    stalled_after = service.settings.worker_stalled_after_seconds
    retention = RetentionSchedule()  # hourly: documents of cases closed before the retention period
    while not stop.is_set():
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
                with contextlib.suppress(Exception):  # another worker retried it first
                    await app.job_manager.retry_job(job)
                    log.warning("job %s (case %s): its worker went silent; queued again", job.id, job.lock)
            await asyncio.to_thread(requeue_orphans, service)
            await asyncio.to_thread(deliver_due, service)
            await asyncio.to_thread(retention.maybe_run, service)
        except Exception:  # noqa: BLE001 - the next sweep tries again
            log.exception("queue sweep failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SWEEP_SECONDS)


def run(service: ApprovalService, concurrency: int, name: str | None = None) -> None:
    """Decide jobs until SIGINT/SIGTERM (jobs being decided finish first)."""
    settings = service.settings
    app = build_app(libpq_conninfo(settings.effective_database_url))
    register_tasks(app, service)

    async def main() -> None:
        stop = asyncio.Event()
        async with app.open_async():
            sweeper = asyncio.create_task(_sweep(app, service, stop))
            try:
                await app.run_worker_async(
                    queues=[QUEUE_NAME],
                    concurrency=concurrency,
                    name=name,
                    update_heartbeat_interval=settings.worker_heartbeat_seconds,
                    stalled_worker_timeout=settings.worker_stalled_after_seconds,
                    fetch_job_polling_interval=1.0,
                    shutdown_graceful_timeout=settings.pipeline_timeout_seconds,
                )
            finally:
                stop.set()
                await sweeper

    asyncio.run(main())
