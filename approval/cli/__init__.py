"""``approval`` command line. Each command group lives in its own module with a
``register(subparsers)`` function that adds its parser and sets ``func``."""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "approval.cli.serve_cmd",
    "approval.cli.worker_cmd",
    "approval.cli.tokens_cmd",
    "approval.cli.accounts_cmd",
    "approval.cli.ocr_cmd",
    "approval.cli.rules_cmd",
    "approval.cli.audit_cmd",
    "approval.cli.retention_cmd",
    "approval.cli.checks_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="approval", description="Instant-approval (秒批) service")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("devtools"):
            raise
        # The production image carries no development tooling (renderers, sample generator).
        print(
            f"approval {args.command}: needs a source checkout (devtools/ is not installed here)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
