"""``approval worker``: decide stored cases from the job queue (PostgreSQL)."""

from __future__ import annotations

import argparse
import os


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "worker",
        help="decide cases from the job queue (PostgreSQL; run as many as you like, on any machine)",
    )
    p.add_argument("--concurrency", type=int, default=4, help="cases decided at once by this process")
    p.add_argument("--name", default=None, help="this worker's name in the queue's records and logs")
    p.add_argument(
        "--log-format",
        choices=("json", "text"),
        default=os.environ.get("APPROVAL_LOG_FORMAT", "json"),
    )
    p.set_defaults(func=run_worker)


def run_worker(args: argparse.Namespace) -> int:
    import logging

    from approval import worker
    from approval.request_context import configure_logging
    from approval.service import ApprovalService
    from approval.settings import get_settings

    configure_logging(args.log_format)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    settings = get_settings()
    if not settings.uses_procrastinate:
        print("approval worker: the job queue needs PostgreSQL (set DATABASE_URL); on SQLite the API "
              "process decides cases itself", file=__import__("sys").stderr)  # fmt: skip
        return 2
    service = ApprovalService.open(settings)
    try:
        worker.run(service, concurrency=args.concurrency, name=args.name)
    finally:
        service.close()
    return 0
