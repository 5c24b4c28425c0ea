"""``approval serve``: the API and the reviewer pages."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="run the API (embedded SQLite by default; DATABASE_URL selects PostgreSQL)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--log-format",
        choices=("json", "text"),
        default=os.environ.get("APPROVAL_LOG_FORMAT", "json"),
        help="JSON lines (default) or plain text; every line carries the request id",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="API processes sharing the port (on PostgreSQL; cases are decided by `approval worker`)",
    )
    p.add_argument(
        "--demo-tokens",
        action="store_true",
        help="mint and print one token per role before starting (for a first try-out)",
    )
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from approval.request_context import configure_logging
    from approval.settings import get_settings
    from approval.tokens import ROLES, create_token

    configure_logging(args.log_format)
    # Alembic announces each of its plugins at INFO when imported; migrations are still logged.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    settings = get_settings()
    if "APPROVAL_PUBLIC_BASE_URL" not in os.environ:
        # Licence links in answers should point at this server unless configured otherwise.
        settings.public_base_url = f"http://{args.host}:{args.port}"
    if args.demo_tokens:
        from approval.cli.tokens_cmd import open_sessions

        sessions = open_sessions()
        print("Demo tokens (send as 'Authorization: Bearer <token>'):")
        for role in ROLES:
            print(f"  {role:9s} {create_token(sessions, role, 'demo')}")
        from approval.accounts import create_account

        username, password = f"demo-{secrets.token_hex(3)}", secrets.token_urlsafe(12)
        create_account(sessions, username, "演示审核员 Demo reviewer", "supervisor", password)
        print(f"Reviewer pages: sign in at /review/login as {username} / {password}")
    print(f"Serving on http://{args.host}:{args.port}  (docs: /docs, reviewer pages: /review)")
    print(f"Database: {settings.effective_database_url.split('@')[-1]}")
    # Named, not imported: the domain package does not depend on the HTTP layer.
    os.environ["APPROVAL_PUBLIC_BASE_URL"] = settings.public_base_url
    if args.workers > 1 and not settings.uses_procrastinate:
        # Each process would decide its own cases in threads and race the others' recovery.
        print("approval serve: --workers needs PostgreSQL (DATABASE_URL); SQLite serves from one process",
              file=sys.stderr)  # fmt: skip
        return 2
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        log_config=None,
    )
    return 0
