"""``approval ocr`` (read documents) and ``approval ocr-eval`` (accuracy on synthetic ones)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# Keep in step with ocr.page.ENGINES (imported lazily, so that --help is fast); "rapidocr" is the
# old name of "combined".
ENGINES = ("combined", "ppocr", "tesseract", "rapidocr")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "ocr",
        help="read ID cards and business licences (JPEG, PNG or PDF)",
        description="Read each FILE and print its document kind, fields with confidences and "
        "warnings. Exit code 2 if any file is not a JPEG, PNG or PDF.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--json",
        action="store_true",
        help='print a JSON list with one {"file", "kind", "fields", "warnings"} object per file '
        "(always a list, even for one file)",
    )
    p.add_argument("--engine", choices=ENGINES, default="combined")
    p.add_argument("--outlines", action="store_true",
                   help="also say where each field is printed (outlines, shares of the picture)")  # fmt: skip
    p.set_defaults(func=run_ocr)

    e = subparsers.add_parser(
        "ocr-eval",
        help="measure OCR accuracy on documents the reader was not tuned on (leave one renderer out)",
        description="Render ID card fronts, backs, both-sides pages and business licences with every "
        "renderer under every framing, read each with every engine, and print the leave-one-renderer-"
        "out table (engine chosen on the other renderers, reported on the one left out): exact-match "
        "rates per renderer, condition and field, confident errors, false warnings and seconds.",
    )
    e.add_argument("--count", type=int, default=408, help="documents to generate (default 408)")
    e.add_argument("--seed", type=int, default=None, help="seed (default: a fresh one, printed)")
    e.add_argument("--engines", nargs="+", choices=ENGINES[:3], default=list(ENGINES[:3]),
                   help="engines to compare (default: all)")  # fmt: skip
    e.add_argument("--renderers", nargs="+", default=None, metavar="RENDERER",
                   help="renderers (default: all)")  # fmt: skip
    e.add_argument("--conditions", nargs="+", default=None, metavar="CONDITION",
                   help="framings (default: all)")  # fmt: skip
    e.add_argument("--workers", type=int, default=None, help="worker processes (default: cores)")
    e.add_argument("--show-failures", type=int, default=0, metavar="N",
                   help="also list the first N misread fields")  # fmt: skip
    e.set_defaults(func=run_eval)


def _table(result: dict) -> str:
    lines = [f"{result['file']}: {result['kind']}"]
    for name, f in result["fields"].items():
        lines.append(f"  {name:24} {f['value']}  ({f['confidence']:.2f})")
    for w in result["warnings"]:
        where = f" [{w['field']}]" if w.get("field") else ""
        lines.append(f"  ! {w['code']}{where}: {w['message']} / {w['message_en']}")
    return "\n".join(lines)


def run_ocr(args: argparse.Namespace) -> int:
    from ocr import UnsupportedDocument, read_document

    results: list[dict] = []
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{name}: error: cannot read file: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        try:
            reading = read_document(data, engine=args.engine, filename=name)
        except UnsupportedDocument as exc:
            print(f"{name}: error: not a JPEG, PNG or PDF document ({exc})", file=sys.stderr)
            status = 2
            continue
        result = reading.to_dict(outlines=args.outlines)
        results.append(result)
        if not args.json:
            print(_table(result))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return status


def run_eval(args: argparse.Namespace) -> int:
    from devtools.ocr_evaluation import evaluate, format_report
    from devtools.synthetic.capture import FRAMINGS
    from devtools.synthetic.renderers import RENDERERS

    choices = ((args.conditions, FRAMINGS, "condition"), (args.renderers, RENDERERS, "renderer"))
    for given, known, what in choices:
        unknown = [c for c in given or () if c not in known]
        if unknown:
            print(f"unknown {what}(s): {', '.join(unknown)}; choose from {', '.join(known)}", file=sys.stderr)
            return 2
    if args.count < 1:
        print("--count must be at least 1", file=sys.stderr)
        return 2
    seed, outcomes = evaluate(args.count, args.seed, tuple(args.engines), tuple(args.renderers or ()) or None,
                              tuple(args.conditions or ()) or None, args.workers)  # fmt: skip
    print(format_report(seed, outcomes, show_failures=args.show_failures))
    return 0
