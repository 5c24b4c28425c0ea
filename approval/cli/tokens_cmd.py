"""``approval tokens create --role …``: mint a bearer token (only its hash is stored)."""

from __future__ import annotations

import argparse

from approval.tokens import ROLES


def register(subparsers: argparse._SubParsersAction) -> None:
    tokens = subparsers.add_parser("tokens", help="manage API bearer tokens")
    sub = tokens.add_subparsers(dest="tokens_command", required=True)
    create = sub.add_parser("create", help="print a new bearer token for a role")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--label", default="", help="who or what the token is for")
    create.set_defaults(func=run_create)


def open_sessions():  # noqa: ANN201 - a sessionmaker
    from approval.persistence.db import make_engine, migrate, session_factory
    from approval.settings import get_settings

    engine = make_engine(get_settings().effective_database_url)
    migrate(engine)
    return session_factory(engine)


def run_create(args: argparse.Namespace) -> int:
    from approval.tokens import create_token

    print(create_token(open_sessions(), args.role, args.label))
    return 0
