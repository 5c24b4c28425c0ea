"""``approval retention purge [--dry-run]``: delete the document bytes of cases closed longer ago
than the retention period (``APPROVAL_DOCUMENT_RETENTION_DAYS``, 180)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    retention = subparsers.add_parser("retention", help="the retention period of documents")
    sub = retention.add_subparsers(dest="retention_command", required=True)
    purge = sub.add_parser(
        "purge",
        help="delete the documents of cases closed before the retention period (decisions and history stay)",
    )
    purge.add_argument("--dry-run", action="store_true", help="list what would be purged; change nothing")
    purge.set_defaults(func=run_purge)


def run_purge(args: argparse.Namespace) -> int:
    from approval.service import ApprovalService
    from approval.settings import get_settings
    from approval.use_cases.retention import purge_documents

    service = ApprovalService.open(get_settings())
    try:
        report = purge_documents(service, dry_run=args.dry_run)
    finally:
        service.close()
    verb = "would purge" if args.dry_run else "purged"
    for case_id, parts in report.cases.items():
        print(f"{case_id}: {verb} {', '.join(parts)}")
    print(f"{verb} {report.documents} document(s) of {len(report.cases)} case(s) closed before "
          f"{report.cutoff.isoformat(timespec='seconds')}"
          + ("" if args.dry_run else f"; {report.blobs_deleted} blob(s) deleted"))  # fmt: skip
    return 0
