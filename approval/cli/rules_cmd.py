"""``approval rules …``: tools for rule authors, and ``approval samples generate``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    rules = subparsers.add_parser("rules", help="check, test and replay the declarative rules")
    sub = rules.add_subparsers(dest="rules_command", required=True)

    check = sub.add_parser("check", help="validate every rule file; errors name file and line")
    check.add_argument("--rules-dir", type=Path, default=None)
    check.set_defaults(func=run_check)

    test = sub.add_parser("test", help="run sample case folders through the whole pipeline")
    test.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="default: samples/")
    test.add_argument("--rules-dir", type=Path, default=None)
    test.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    test.set_defaults(func=run_test)

    publish = sub.add_parser("publish", help="record a new version label for the current rule files")
    publish.add_argument("--version", required=True, help="the new label, e.g. 2026.12.1")
    publish.add_argument("--notes", default=None, help="what changed (ruleset.yaml notes)")
    publish.add_argument("--rules-dir", type=Path, default=None)
    publish.set_defaults(func=run_publish)

    dry = sub.add_parser("dry-run", help="decide one sample case folder and print the full trace")
    dry.add_argument("case_dir", type=Path, metavar="CASE_DIR", help="a folder with case.json and documents")
    dry.add_argument("--rules-dir", "--rules", dest="rules_dir", type=Path, default=None)
    dry.add_argument("--as-of", type=date.fromisoformat, default=None, help="application date YYYY-MM-DD")
    dry.add_argument("--json", action="store_true", help="print the whole answer as JSON")
    dry.set_defaults(func=run_dry_run)

    impact = sub.add_parser("impact", help="what the working-copy rules would change in stored cases")
    impact.add_argument("--matter", default=None)
    impact.add_argument("--rules-dir", type=Path, default=None)
    impact.set_defaults(func=run_impact)

    replay = sub.add_parser("replay", help="re-decide a stored case under the version it was decided with")
    replay.add_argument("case_id")
    replay.set_defaults(func=run_replay)

    facts = sub.add_parser("facts", help="list the facts rules may use")
    facts.add_argument("--matter", default=None, help="include the matter's form.* facts")
    facts.set_defaults(func=run_facts)

    schema = sub.add_parser("schema", help="print the JSON Schema of a matter rule file")
    schema.set_defaults(func=run_schema)

    samples = subparsers.add_parser("samples", help="sample cases for rule authors")
    samples_sub = samples.add_subparsers(dest="samples_command", required=True)
    gen = samples_sub.add_parser(
        "generate", help="render samples/ and rules/reference/ again from synthetic people (seeded)"
    )
    gen.add_argument("--samples-dir", type=Path, default=None)
    gen.add_argument("--reference-dir", type=Path, default=None)
    gen.add_argument("--seed", type=int, default=20261123)
    gen.set_defaults(func=run_generate)
    cap = samples_sub.add_parser(
        "capture", help="a decided case (a reviewer's override) as a sample, personal data replaced"
    )
    cap.add_argument("case_id")
    cap.add_argument("--samples-dir", type=Path, default=None)
    cap.set_defaults(func=run_capture)


def _rules_dir(args: argparse.Namespace) -> Path:
    from approval.settings import get_settings

    return getattr(args, "rules_dir", None) or get_settings().rules_dir


def run_check(args: argparse.Namespace) -> int:
    from approval.ruleset import RuleFileError, load_rulebook

    rules_dir = _rules_dir(args)
    try:
        book = load_rulebook(rules_dir)
    except RuleFileError as exc:
        for problem in exc.problems:
            print(f"{rules_dir / problem.file}:{problem.line}: {problem.message}")
        print(f"{len(exc.problems)} problem(s)")
        return 1
    from approval.ruleset.publication import label_problem

    problem = label_problem(book.files)
    if problem is not None:
        print(f"{rules_dir / problem.file}:{problem.line}: {problem.message}")
        print("1 problem(s)")
        return 1
    rules = sum(len(m.rules) for m in book.matters.values())
    print(f"ok: ruleset {book.version} ({book.digest[:12]}), {len(book.matters)} matters, {rules} rules")
    return 0


@contextmanager
def _scratch_service(rules_dir: Path) -> Iterator:
    """A service on a throw-away SQLite database: reference data seeded, nothing kept, closed
    on the way out. Raises RuleFileError when the rules do not load."""
    from approval.service import ApprovalService
    from approval.settings import Settings

    with tempfile.TemporaryDirectory(prefix="approval-scratch-") as scratch:
        service = ApprovalService.open(
            Settings(data_dir=Path(scratch), rules_dir=rules_dir, DATABASE_URL=None)
        )
        try:
            yield service
        finally:
            service.close()


def run_test(args: argparse.Namespace) -> int:
    from approval.rule_examples import ExampleFileError, find_example_files
    from approval.rule_testing import find_cases
    from approval.ruleset import RuleFileError
    from approval.settings import REPO_ROOT

    dirs = args.dirs or [REPO_ROOT / "samples"]
    folders = list(find_cases(dirs))
    # The hand-written examples beside the rules run too, unless sample folders were named.
    example_files = [] if args.dirs else find_example_files(_rules_dir(args))
    if not folders and not example_files:
        print(f"no sample cases (folders with case.json) under {', '.join(map(str, dirs))}")
        return 1
    try:
        with _scratch_service(_rules_dir(args)) as service:
            failed_examples, examples = _run_examples(service, example_files)
            code = _run_samples(service, folders, args.workers)
    except (RuleFileError, ExampleFileError) as exc:
        print(exc)
        return 1
    if examples:
        print(f"{examples - failed_examples} examples passed, {failed_examples} failed")
    return 1 if code or failed_examples else 0


def _run_examples(service, files: list[Path]) -> tuple[int, int]:  # noqa: ANN001
    """(failed, run) over the hand-written examples; each failure printed with file and line.
    A rule that no example shows passing, failing and undetermined counts as a failure too."""
    from approval.rule_examples import ExampleResult, coverage_gaps, load_examples, run_example

    failed = total = 0
    examples = [example for path in files for example in load_examples(path)]
    for example in examples:
        total += 1
        try:
            result = run_example(service, example)
        except Exception as exc:  # noqa: BLE001 - a broken example is a failed one, with the reason
            result = ExampleResult(example, [f"error: {type(exc).__name__}: {exc}"])
        if not result.passed:
            failed += 1
            sys.stderr.write(f"FAIL {example.file.name}:{example.line} {example.name}\n")
            for problem in result.problems:
                sys.stderr.write(f"    {problem}\n")
    if files:
        gaps = coverage_gaps(service.rulebook, examples)
        for gap in gaps:
            sys.stderr.write(f"FAIL coverage: {gap}\n")
        failed += len(gaps)
        total += len(gaps)
    return failed, total


def _run_samples(service, folders: list[Path], workers: int) -> int:  # noqa: ANN001
    from approval.rule_testing import run_cases

    tty = sys.stderr.isatty()

    def progress(result, done: int, total: int) -> None:  # noqa: ANN001
        width = 30
        bar = "#" * (width * done // total) + "." * (width - width * done // total)
        mark = "ok  " if result.passed else "FAIL"
        name = result.case.folder.relative_to(result.case.folder.parent.parent)
        if tty:
            sys.stderr.write(f"\r[{bar}] {done}/{total} ")
            sys.stderr.flush()
        if not result.passed or not tty:
            sys.stderr.write(("\n" if tty else "") + f"{mark} {name}\n")
            for line in result.diff():
                sys.stderr.write(line + "\n")

    results = run_cases(service, folders, workers=workers, progress=progress)
    failed = [r for r in results if not r.passed]
    if tty:
        sys.stderr.write("\n")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def run_publish(args: argparse.Namespace) -> int:
    from approval.ruleset import RuleFileError, load_rulebook
    from approval.ruleset.publication import publish

    rules_dir = _rules_dir(args)
    try:
        load_rulebook(rules_dir)
        digest = publish(rules_dir, args.version, args.notes)
    except RuleFileError as exc:
        print(exc)
        return 1
    except ValueError as exc:
        print(f"not published: {exc}")
        return 1
    print(f"published {args.version}: content {digest[:12]} recorded in {rules_dir / 'ruleset.yaml'}")
    return 0


def run_dry_run(args: argparse.Namespace) -> int:
    from approval.rule_testing import SampleCaseError, load_case
    from approval.ruleset import RuleFileError
    from approval.use_cases import dry_run

    try:
        case = load_case(args.case_dir)
    except SampleCaseError as exc:
        print(exc)
        return 1
    if args.as_of is not None:
        case.as_of = args.as_of
    try:
        with _scratch_service(_rules_dir(args)) as service:
            answer = dry_run(service, case.body, case.documents, received_at=case.received_at)
    except RuleFileError as exc:
        print(exc)
        return 1
    except Exception as exc:  # noqa: BLE001 - the author sees why the case was refused
        print(f"{args.case_dir}: refused: {getattr(exc, 'message', None) or exc}")
        return 1
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(describe_answer(answer)))
    return 0


def describe_answer(answer: dict) -> list[str]:
    """The decision and its trace as an author reads it: outcome, reasons, then each rule with
    the facts it used (value, confidence, where from)."""
    ruleset = answer["ruleset"]
    evaluation = next((t for t in answer["trace"] if t.get("stage") == "evaluation"), {})
    lines = [
        f"{answer['matter']}: {answer['status']}  (ruleset {ruleset['version']} {ruleset['digest'][:12]},"
        f" application date {evaluation.get('day', '-')}, due {answer.get('due_by') or '-'})",
    ]
    lines += [f"  reason {r['code']} [{r['action']}]: {r['message']}" for r in answer["reasons"]]
    stages = [t for t in answer["trace"] if "stage" in t and "ok" in t]
    lines.append("stages: " + ", ".join(f"{t['stage']} {'ok' if t['ok'] else 'FAILED'}" for t in stages))
    if evaluation.get("params"):
        lines.append("parameters: " + ", ".join(f"{k}={v}" for k, v in evaluation["params"].items()))
    for entry in answer["trace"]:
        if "rule" not in entry:
            continue
        detail = f"  ({entry['detail']})" if entry.get("detail") else ""
        lines.append(f"rule {entry['rule']}: {entry['outcome']}{detail}")
        for name, fact in (entry.get("facts") or {}).items():
            sources = ", ".join(
                f"{e['source']}:{e['field']}"
                + (f"@{e['confidence']:.2f}" if e.get("confidence") is not None else "")
                for e in fact.get("evidence") or ()
            )
            confidence = "" if fact.get("confidence") is None else f" conf {fact['confidence']:.2f}"
            lines.append(
                f"    {name} = {json.dumps(fact.get('value'), ensure_ascii=False)}{confidence}  <- {sources}"
            )
    return lines


def _source(evidence: dict) -> str:
    where = f"{evidence['source']}:{evidence['field']}"
    return where if evidence.get("confidence") is None else f"{where}@{evidence['confidence']:.2f}"


def run_impact(args: argparse.Namespace) -> int:
    from approval.replay import impact
    from approval.ruleset import RuleFileError, load_rulebook
    from approval.service import ApprovalService
    from approval.settings import get_settings

    try:
        working = load_rulebook(_rules_dir(args))
    except RuleFileError as exc:
        print(exc)
        return 1
    service = ApprovalService.open(get_settings())
    try:
        results = impact(service, working, args.matter)
    finally:
        service.close()
    changes: dict[tuple[str, str], list[str]] = {}
    for r in results:
        if r.before != r.after:
            changes.setdefault((r.before, r.after), []).append(r.case_id)
    print(f"working copy {working.version} ({working.digest[:12]}) against {len(results)} stored case(s)")
    for (before, after), ids in sorted(changes.items()):
        print(f"  {before} -> {after}: {len(ids)}  {' '.join(ids)}")
    print(f"{sum(len(v) for v in changes.values())} would change, "
          f"{len(results) - sum(len(v) for v in changes.values())} unchanged")  # fmt: skip
    return 0


def run_replay(args: argparse.Namespace) -> int:
    from approval.replay import replay
    from approval.service import ApprovalService
    from approval.settings import get_settings

    service = ApprovalService.open(get_settings())
    try:
        result = replay(service, args.case_id)
    except LookupError as exc:
        print(f"cannot replay: {exc}")
        return 1
    finally:
        service.close()
    print(f"case {result.case_id} ({result.matter}) under ruleset {result.version} ({result.digest[:12]})")
    print(f"  stored:   {result.stored_status}")
    print(f"  replayed: {result.replayed_status}")
    for rule, before, after in result.rule_changes:
        print(f"  rule {rule}: {before} -> {after}")
    print("same outcome" if result.same else "DIFFERENT outcome")
    return 0 if result.same else 1


def run_facts(args: argparse.Namespace) -> int:
    from approval.ruleset import load_rulebook
    from approval.ruleset.vocabulary import FACTS

    facts = dict(FACTS)
    if args.matter:
        facts = load_rulebook(_rules_dir(args)).matters[args.matter].fact_types
    for fact in facts.values():
        values = f" ({' | '.join(fact.values)})" if fact.values else ""
        print(f"{fact.name:42s} {fact.type:6s} {fact.description}{values}")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from approval.ruleset.schema import MatterFile

    print(json.dumps(MatterFile.model_json_schema(by_alias=True), ensure_ascii=False, indent=2))
    return 0


def run_capture(args: argparse.Namespace) -> int:
    from approval.service import ApprovalService
    from approval.settings import REPO_ROOT, get_settings
    from devtools.capture_case import capture

    service = ApprovalService.open(get_settings())
    try:
        folder = capture(service, args.case_id, args.samples_dir or REPO_ROOT / "samples")
    except (LookupError, ValueError, FileExistsError) as exc:
        print(f"approval samples capture: {exc}")
        return 1
    finally:
        service.close()
    print(f"wrote {folder}; `approval rules test {folder}` fails until the rules decide as the reviewer did")
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from approval.settings import REPO_ROOT
    from devtools.sample_cases import generate

    samples_dir = args.samples_dir or REPO_ROOT / "samples"
    reference_dir = args.reference_dir or REPO_ROOT / "rules" / "reference"
    written = generate(samples_dir, reference_dir, args.seed)
    print(f"wrote {len(written)} sample cases under {samples_dir} and reference data under {reference_dir}")
    return 0
