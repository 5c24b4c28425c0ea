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
    create.set_defaults(func=run_create)


def run_create(args: argparse.Namespace) -> int:
    from approval.accounts import create_account
    from approval.cli.tokens_cmd import open_sessions

    password = os.environ.get("APPROVAL_NEW_PASSWORD") or getpass.getpass("password: ")
    try:
        create_account(open_sessions(), args.username, args.name, args.role, password)
    except ValueError as exc:
        print(f"approval accounts create: {exc}", file=sys.stderr)
        return 2
    print(f"account {args.username} ({args.name}, {args.role}) created; sign in at /review/login")
    return 0
