"""``approval accounts create``: a named reviewer, supervisor or administrator for the pages."""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    accounts = subparsers.add_parser("accounts", help="people who sign in to the reviewer pages")
    sub = accounts.add_subparsers(dest="accounts_command", required=True)
    create = sub.add_parser("create", help="create an account (password from APPROVAL_NEW_PASSWORD or asked)")
    create.add_argument("--username", required=True)
    create.add_argument("--name", required=True, help="the person's name, as the history shows it")
    create.add_argument("--role", required=True, choices=("reviewer", "supervisor", "admin"))
    create.add_argument("--jurisdiction", default=None, metavar="CODE",
                       help="the jurisdiction whose cases it works (rules/catalogues/jurisdictions.yaml); "
                       "default: every one")  # fmt: skip
    create.set_defaults(func=run_create)


def run_create(args: argparse.Namespace) -> int:
    from approval.accounts import create_account
    from approval.cli.tokens_cmd import open_sessions, unknown_jurisdiction

    if problem := unknown_jurisdiction(args.jurisdiction):
        print(f"approval accounts create: {problem}", file=sys.stderr)
        return 2
    password = os.environ.get("APPROVAL_NEW_PASSWORD") or getpass.getpass("password: ")
    try:
        create_account(open_sessions(), args.username, args.name, args.role, password, args.jurisdiction)
    except ValueError as exc:
        print(f"approval accounts create: {exc}", file=sys.stderr)
        return 2
    where = f", {args.jurisdiction}" if args.jurisdiction else ""
    print(f"account {args.username} ({args.name}, {args.role}{where}) created; sign in at /review/login")
    return 0
