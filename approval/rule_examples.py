"""Hand-written examples of what each rule means (``rules/examples/<matter>.yaml``), OpenFisca
style: inputs in, each named rule's outcome (and the status, the due date) out.

They are an oracle independent of the code: the expected outcomes are written by a person
from the law at its boundaries (an 18th birthday on the application date, a card expiring
that day, a deadline across National Day), not computed by the truth function the engine is
cross-checked with. ``approval rules test`` runs them through the whole pipeline but OCR:
the examples state what the documents say.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from approval.pipeline import decision, runner
from approval.pipeline.case_file import CaseFile
from approval.reference_data import InMemoryReferenceData, RegisterEntry, RegistrationOutcome
from approval.ruleset.facts import Evidence, Fact
from approval.working_days import CHINA, applied_on
from ocr.reading import ID_CARD_FRONT

EXAMPLES_DIR = "examples"
READ_CONFIDENCE = 0.99
FRONT_FROM_APPLICANT = ("name", "id_number")


class ExampleFileError(ValueError):
    """An examples file that cannot be used, with file and line."""


@dataclass
class Example:
    file: Path
    line: int
    matter: str
    name: str
    day: date
    submission: dict
    readings: dict[str, dict]
    expect: dict[str, str]
    status: str | None = None
    due: date | None = None
    # Facts stated outright (null: the service could not establish it), for what no input can
    # reach: an envelope that passed intake always has an ID number, say.
    facts: dict[str, Any] = field(default_factory=dict)
    # The register and lists the example assumes (default: the service's seeded reference data).
    reference: InMemoryReferenceData | None = None


@dataclass
class ExampleResult:
    example: Example
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _set(target: dict, dotted: str, value: Any) -> None:
    *path, last = dotted.split(".")
    for key in path:
        target = target.setdefault(key, {})
    if value is None:
        target.pop(last, None)
    else:
        target[last] = value


def _readings(submission: dict, stated: dict[str, dict]) -> dict[str, dict]:
    """Readings as the recogniser reports them. A card's photo side shows the applicant's name
    and number unless the example says otherwise."""
    out = {}
    applicant = submission.get("applicant") or {}
    for part, spec in stated.items():
        spec = dict(spec)
        kind = spec.pop("kind")
        confidence = spec.pop("confidence", READ_CONFIDENCE)
        if kind == ID_CARD_FRONT:
            spec = {**{k: applicant.get(k) for k in FRONT_FROM_APPLICANT}, **spec}
        fields = {k: {"value": str(v), "confidence": confidence} for k, v in spec.items() if v is not None}
        out[part] = {"kind": kind, "fields": fields, "warnings": []}
    return out


def load_examples(path: Path) -> list[Example]:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ExampleFileError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML: {exc}") from None
    try:
        base = data["base"]
        items = data["examples"]
        lines = next(v for k, v in node.value if k.value == "examples").value
        return [_example(path, data["matter"], base, item, item_node.start_mark.line + 1)
                for item, item_node in zip(items, lines, strict=True)]  # fmt: skip
    except (KeyError, TypeError, ValueError, StopIteration) as exc:
        raise ExampleFileError(
            f"{path}: needs matter, base and examples ({type(exc).__name__}: {exc})"
        ) from None


def _example(path: Path, matter: str, base: dict, item: dict, line: int) -> Example:
    submission = copy.deepcopy(base["submission"])
    submission["matter"] = matter
    stated = copy.deepcopy(base.get("readings") or {})
    for dotted, value in (item.get("set") or {}).items():
        if dotted.startswith("readings."):
            _set(stated, dotted.removeprefix("readings."), value)
        else:
            _set(submission, dotted, value)
    day = item.get("day", base["day"])
    return Example(
        file=path,
        line=line,
        matter=matter,
        name=item["name"],
        day=_day(day),
        submission=submission,
        readings=_readings(submission, stated),
        expect={str(k): str(v) for k, v in (item.get("expect") or {}).items()},
        status=item.get("status"),
        due=item.get("due"),
        facts=dict(item.get("facts") or {}),
        reference=_reference(base.get("reference")),
    )


def _reference(spec: dict | None) -> InMemoryReferenceData | None:
    if spec is None:
        return None
    register = [
        RegisterEntry(
            credit_code=str(e["credit_code"]),
            name=str(e["name"]),
            operator_name=str(e["operator_name"]),
            operator_id_number=str(e["operator_id_number"]),
            kind=str(e.get("kind", "individual-business")),
        )
        for e in spec.get("register") or ()
    ]
    # What became of the registrations a bundle's parts depend on, by case id.
    registrations = {
        str(case_id): RegistrationOutcome(
            status=o.get("status"),
            credit_code=o.get("credit_code"),
            established_on=_day(o["established_on"]) if o.get("established_on") else None,
        )
        for case_id, o in (spec.get("registrations") or {}).items()
    }
    return InMemoryReferenceData(
        register,
        {str(n) for n in spec.get("blacklist") or ()},
        {str(n) for n in spec.get("recipients") or ()},
        registrations,
    )


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


OUTCOMES = ("passed", "failed", "undetermined")


def coverage_gaps(book: Any, examples: list[Example]) -> list[str]:
    """Each rule of each matter that no example shows passing, failing or undetermined (an
    example whose status is approved shows every rule of its matter passing)."""
    seen: set[tuple[str, str, str]] = set()
    for example in examples:
        seen |= {(example.matter, rule, outcome) for rule, outcome in example.expect.items()}
        if example.status == "approved" and example.matter in book.matters:
            seen |= {(example.matter, r.id, "passed") for r in book.matters[example.matter].rules}
    return [
        f"{matter.code}: {rule.id} is never {outcome} in an example"
        for matter in book.matters.values()
        for rule in matter.rules
        for outcome in OUTCOMES
        if (matter.code, rule.id, outcome) not in seen
    ]


def find_example_files(rules_dir: Path) -> list[Path]:
    return sorted((rules_dir / EXAMPLES_DIR).glob("*.yaml"))


def run_example(service: Any, example: Example) -> ExampleResult:
    result = ExampleResult(example)
    if example.matter not in service.rulebook.matters:
        result.problems.append(f"no matter {example.matter}")
        return result
    deps = service.deps()
    if example.reference is not None:
        deps.reference = example.reference
    deps.read_documents = lambda items: {p: example.readings[p] for p in items if p in example.readings}
    case = CaseFile(
        case_id="example",
        matter_code=example.matter,
        submission=copy.deepcopy(example.submission),
        documents={part: b"stated in the example" for part in example.readings},
        received_at=applied_on(example.day),
    )
    case.matter = deps.rulebook.matters[example.matter]
    for name, stage in runner.stages(deps):
        stage(case)
        if name == "evidence":
            for fact, value in example.facts.items():
                case.facts[fact] = Fact(value, None, (Evidence("example", fact),))
    case = decision.run(case)
    outcomes = {r.rule_id: str(r.outcome) for r in (case.evaluation.results if case.evaluation else [])}
    for rule, expected in example.expect.items():
        got = outcomes.get(rule, "not evaluated")
        if got != expected:
            result.problems.append(f"rule {rule}: expected {expected}, got {got}")
    if example.status and case.status != example.status:
        reasons = ", ".join(r.code for r in case.reasons)
        result.problems.append(f"status: expected {example.status}, got {case.status} ({reasons})")
    if example.due:
        got_due = case.due_by.astimezone(CHINA).date() if case.due_by else None
        if got_due != example.due:
            result.problems.append(f"due: expected {example.due}, got {got_due}")
    return result


__all__ = [
    "Example",
    "ExampleFileError",
    "coverage_gaps",
    "ExampleResult",
    "find_example_files",
    "load_examples",
    "run_example",
]
