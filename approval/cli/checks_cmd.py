"""``approval checks verify``: recompute every recorded draw of the checks after instant approval
(事后监管) with the seed, and say where the record does not match (exit 1)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    checks = subparsers.add_parser("checks", help="checks after instant approval (事后监管)")
    sub = checks.add_subparsers(dest="checks_command", required=True)
    verify = sub.add_parser("verify", help="recompute every recorded draw; exit 1 on any mismatch")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from approval.service import ApprovalService
    from approval.settings import get_settings
    from approval.use_cases.checks import verify_draws

    service = ApprovalService.open(get_settings())
    try:
        problems = verify_draws(service)
    finally:
        service.close()
    for problem in problems:
        print(problem)
    print("every draw recomputes as recorded" if not problems else f"{len(problems)} draw(s) do not match")
    return 1 if problems else 0
