"""Same as ``approval ocr-eval``, runnable on its own:
``python benchmarks/ocr_eval.py --count 108``."""

from __future__ import annotations

import argparse
import sys

from approval.cli import ocr_cmd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ocr_eval")
    sub = parser.add_subparsers(dest="command", required=True)
    ocr_cmd.register(sub)
    args = parser.parse_args(["ocr-eval", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
