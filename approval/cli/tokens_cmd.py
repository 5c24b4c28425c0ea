"""``approval tokens create|list|revoke``: bearer tokens (only their hash is stored)."""

from __future__ import annotations

import argparse
import sys

from approval.tokens import ROLES


def register(subparsers: argparse._SubParsersAction) -> None:
    tokens = subparsers.add_parser("tokens", help="manage API bearer tokens")
    sub = tokens.add_subparsers(dest="tokens_command", required=True)
    create = sub.add_parser("create", help="print a new bearer token for a role")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--label", default="", help="who or what the token is for")
    create.add_argument(
        "--days",
        type=float,
        default=None,
        help="days until it expires (default APPROVAL_TOKEN_DAYS, 90; 0 = never)",
    )
    create.add_argument("--jurisdiction", default=None, metavar="CODE",
                       help="the jurisdiction whose cases it works (rules/catalogues/jurisdictions.yaml); "
                       "default: every one")  # fmt: skip
    create.set_defaults(func=run_create)
    listing = sub.add_parser("list", help="every token: id, role, label, expiry and state (values masked)")
    listing.set_defaults(func=run_list)
    revoke = sub.add_parser("revoke", help="revoke a token by its id (the hex after ap_<role>_)")
    revoke.add_argument("token_id")
    revoke.set_defaults(func=run_revoke)


def open_sessions():  # noqa: ANN201 - a sessionmaker
    from approval.persistence.db import make_engine, migrate, session_factory
    from approval.settings import get_settings

    engine = make_engine(get_settings().effective_database_url)
    migrate(engine)
    return session_factory(engine)


def unknown_jurisdiction(code: str | None) -> str | None:
    """Why ``code`` cannot be a person's jurisdiction, or None if it can."""
    if code is None:
        return None
    import yaml

    from approval.settings import get_settings

    path = get_settings().rules_dir / "catalogues" / "jurisdictions.yaml"
    known = {str(k) for k in (yaml.safe_load(path.read_text(encoding="utf-8")) or {})}
    return None if code in known else f"unknown jurisdiction {code}; one of {', '.join(sorted(known))}"


def run_create(args: argparse.Namespace) -> int:
    from approval.tokens import create_token

    if problem := unknown_jurisdiction(args.jurisdiction):
        print(f"approval tokens create: {problem}", file=sys.stderr)
        return 2
    try:
        print(create_token(open_sessions(), args.role, args.label, days=args.days,
                           jurisdiction=args.jurisdiction))  # fmt: skip
    except ValueError as exc:
        print(f"approval tokens create: {exc}", file=sys.stderr)
        return 2
    return 0


def run_list(args: argparse.Namespace) -> int:
    from approval.tokens import list_tokens

    for token in list_tokens(open_sessions()):
        expires = token.expires_at.isoformat(timespec="seconds") if token.expires_at else "never"
        print(f"{token.masked:40s} {token.role:10s} {token.state:8s} expires {expires:25s} {token.label}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from approval.tokens import revoke_token

    if not revoke_token(open_sessions(), args.token_id):
        print(f"approval tokens revoke: no token with id {args.token_id}", file=sys.stderr)
        return 1
    print(f"revoked {args.token_id}")
    return 0
