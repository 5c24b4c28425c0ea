"""``approval audit verify``: recompute every case's event hash chain."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="check the case history trail")
    sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = sub.add_parser("verify", help="recompute every case's event hash chain; exit 1 if one is broken")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:  # noqa: ARG001
    from sqlalchemy import func, select

    from approval.cli.tokens_cmd import open_sessions
    from approval.persistence.audit import verify
    from approval.persistence.models import CaseEventRow

    sessions = open_sessions()
    with sessions() as session:
        broken = list(verify(session))
        events = session.scalar(select(func.count()).select_from(CaseEventRow))
    for link in broken:
        print(f"case {link.case_id}: event {link.event_id} ({link.type}) {link.why}")
    if broken:
        print(f"BROKEN: {len(broken)} case(s) whose history does not hold")
        return 1
    print(f"ok: {events} events, every case's chain holds")
    return 0
