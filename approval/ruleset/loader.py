"""Reads the ruleset files, validates them and builds a :class:`Rulebook`.

Every problem is reported with the file and line it is on, all at once, so an author
fixes a file in one pass. The same code loads the working copy under ``rules/`` and a
stored snapshot of a published version (for replay).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from approval.ruleset.conditions import (
    MEMBERSHIP,
    OPS,
    ORDERING,
    AllOf,
    AnyOf,
    Condition,
    Leaf,
    Not,
)
from approval.ruleset.errors import RuleFileError, RuleFileProblem
from approval.ruleset.rulebook import MatterSpec, Rule, Rulebook, placeholders
from approval.ruleset.schema import IDENTIFIER, CommonFile, MatterFile, RulesetFile
from approval.ruleset.vocabulary import BOOL, INT, NUMBER, STR, FactType, type_error

RULESET_FILE = "ruleset.yaml"
MATTERS_DIR = "matters"
CATALOGUES_DIR = "catalogues"
COMMON_DIR = "common"


def read_ruleset_files(rules_dir: Path) -> dict[str, str]:
    """The files that make up a ruleset version, by path relative to ``rules_dir``."""
    paths = [rules_dir / RULESET_FILE]
    paths += sorted((rules_dir / MATTERS_DIR).glob("*.yaml"))
    paths += sorted((rules_dir / COMMON_DIR).glob("*.yaml"))
    paths += sorted((rules_dir / CATALOGUES_DIR).glob("*.yaml"))
    return {p.relative_to(rules_dir).as_posix(): p.read_text(encoding="utf-8") for p in paths if p.exists()}


def digest_of(files: dict[str, str]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return h.hexdigest()


def load_rulebook(rules_dir: Path) -> Rulebook:
    return rulebook_from_files(read_ruleset_files(Path(rules_dir)))


def rulebook_from_files(files: dict[str, str]) -> Rulebook:
    problems: list[RuleFileProblem] = []
    if RULESET_FILE not in files:
        raise RuleFileError([RuleFileProblem(RULESET_FILE, 1, "missing: it names the version")])
    header = _model(RULESET_FILE, files[RULESET_FILE], RulesetFile, problems)
    catalogues: dict[str, Any] = {}
    matters: dict[str, MatterSpec] = {}
    for name, text in sorted(files.items()):
        if name.startswith(CATALOGUES_DIR + "/"):
            data = _yaml(name, text, problems)
            if data is not None:
                catalogues[Path(name).stem] = data[0]
    for name, text in sorted(files.items()):
        if not name.startswith(MATTERS_DIR + "/"):
            continue
        spec = _matter(name, text, files, problems)
        if spec is None:
            continue
        if spec.code in matters:
            problems.append(RuleFileProblem(name, 1, f"matter {spec.code} is defined twice"))
        matters[spec.code] = spec
    if not matters and not problems:
        problems.append(RuleFileProblem(MATTERS_DIR, 1, "no matter files"))
    if problems or header is None:
        # A shared file included by several matters would report its problems once per matter.
        raise RuleFileError(list(dict.fromkeys(problems)))
    return Rulebook(
        version=header.version,
        digest=digest_of(files),
        files=dict(files),
        matters=matters,
        catalogues=catalogues,
    )


# -- YAML with line numbers --------------------------------------------------------------------
def _yaml(name: str, text: str, problems: list[RuleFileProblem]) -> tuple[Any, Any] | None:
    """(data, node tree) or None after recording the syntax error."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problems.append(RuleFileProblem(name, line, f"not valid YAML: {exc}"))
        return None
    return data, node


def _line(node: Any, loc: tuple | list) -> int:
    """The line of the deepest node along ``loc`` that exists."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _model(name: str, text: str, model: type, problems: list[RuleFileProblem]) -> Any:
    parsed = _yaml(name, text, problems)
    if parsed is None:
        return None
    data, node = parsed
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(file)"
            problems.append(RuleFileProblem(name, _line(node, err["loc"]), f"{where}: {err['msg']}"))
        return None


# -- a matter file -----------------------------------------------------------------------------
def _matter(
    name: str, text: str, files: dict[str, str], problems: list[RuleFileProblem]
) -> MatterSpec | None:
    parsed = _yaml(name, text, problems)
    if parsed is None:
        return None
    file = _model(name, text, MatterFile, problems)
    if file is None:
        return None
    node = parsed[1]
    if Path(name).stem != file.code:
        problems.append(RuleFileProblem(name, _line(node, ["code"]), "file name must be <code>.yaml"))
    # (file name, its node tree, its rules) for each shared file, then the matter's own.
    sources: list[tuple[str, Any, list]] = []
    parameters = {}
    for index, include in enumerate(file.include):
        common_name = f"{COMMON_DIR}/{include}.yaml"
        if common_name not in files:
            problems.append(RuleFileProblem(name, _line(node, ["include", index]), f"no file {common_name}"))
            continue
        common_parsed = _yaml(common_name, files[common_name], [])
        common = _model(common_name, files[common_name], CommonFile, problems)
        if common is None or common_parsed is None:
            # Its problems are reported; the matter's own rules are checked once it loads,
            # not against the parameters it would have given.
            return None
        for key in common.parameters:
            if key in file.parameters:
                problems.append(
                    RuleFileProblem(
                        name,
                        _line(node, ["parameters", key]),
                        f"parameter {key} is already set by {common_name}",
                    )
                )
        parameters.update(common.parameters)
        sources.append((common_name, common_parsed[1], common.rules))
    parameters.update(file.parameters)
    sources.append((name, node, file.rules))
    file = file.model_copy(update={"parameters": parameters, "rules": [r for s in sources for r in s[2]]})
    spec = MatterSpec(file=file, rules=[], source=name)
    if not file.rules:
        problems.append(RuleFileProblem(name, 1, "the matter has no rules"))
    seen: set[str] = set()
    for source, source_node, rules in sources:
        checker = _ConditionChecker(source, source_node, spec, problems)
        for index, rule in enumerate(rules):
            here = ["rules", index]
            if rule.id in seen:
                checker.fail([*here, "id"], f"duplicate rule id {rule.id} in {name}")
            seen.add(rule.id)
            for language in ("zh", "en"):
                for placeholder in placeholders(getattr(rule.message, language)):
                    if placeholder not in parameters:
                        checker.fail(
                            [*here, "message", language],
                            f"message placeholder {{{placeholder}}} is not a parameter of {name}"
                            f" (known: {', '.join(sorted(parameters)) or 'none'})",
                        )
            condition = checker.parse(rule.when, [*here, "when"])
            if condition is not None:
                spec.rules.append(Rule(rule, condition))
    return spec


class _ConditionChecker:
    def __init__(self, file: str, node: Any, spec: MatterSpec, problems: list[RuleFileProblem]):
        self.file, self.node, self.spec, self.problems = file, node, spec, problems

    def fail(self, loc: list, message: str) -> None:
        self.problems.append(RuleFileProblem(self.file, _line(self.node, loc), message))

    def parse(self, raw: Any, loc: list) -> Condition | None:
        if not isinstance(raw, dict):
            self.fail(loc, "a condition is a mapping: {fact, op, value}, all, any or not")
            return None
        keys = set(raw)
        if keys in ({"all"}, {"any"}):
            key = keys.pop()
            items = raw[key]
            if not isinstance(items, list) or not items:
                self.fail([*loc, key], f"'{key}' takes a non-empty list of conditions")
                return None
            parsed = [self.parse(item, [*loc, key, i]) for i, item in enumerate(items)]
            if any(p is None for p in parsed):
                return None
            return (AllOf if key == "all" else AnyOf)(tuple(parsed))  # type: ignore[arg-type]
        if keys == {"not"}:
            inner = self.parse(raw["not"], [*loc, "not"])
            return Not(inner) if inner is not None else None
        return self.leaf(raw, loc)

    def leaf(self, raw: dict, loc: list) -> Leaf | None:
        allowed = {"fact", "op", "value", "param"}
        if not {"fact", "op"} <= set(raw) or set(raw) - allowed or ("value" in raw) == ("param" in raw):
            self.fail(loc, "a comparison has 'fact', 'op' and exactly one of 'value' or 'param'")
            return None
        fact, op = raw["fact"], raw["op"]
        if not isinstance(fact, str) or not IDENTIFIER.match(fact):
            self.fail([*loc, "fact"], f"not a fact name: {fact!r}")
            return None
        fact_type = self.spec.fact_types.get(fact)
        if fact_type is None:
            self.fail([*loc, "fact"], f"unknown fact {fact!r} (see `approval rules facts`)")
            return None
        if op not in OPS:
            self.fail([*loc, "op"], f"unknown op {op!r}; use one of {', '.join(OPS)}")
            return None
        if op in ORDERING and fact_type.type not in (INT, NUMBER):
            self.fail([*loc, "op"], f"{op} compares numbers, but {fact} is {fact_type.type}")
            return None
        if "param" in raw:
            return self._param_leaf(raw, loc, fact, op, fact_type)
        value = raw["value"]
        if op in MEMBERSHIP:
            if not isinstance(value, list) or not value:
                self.fail([*loc, "value"], f"'{op}' takes a non-empty list of values")
                return None
            if not all(self._value_ok(v, fact_type, [*loc, "value"]) for v in value):
                return None
            return Leaf(fact, op, tuple(value))
        if not self._value_ok(value, fact_type, [*loc, "value"]):
            return None
        return Leaf(fact, op, value)

    def _param_leaf(self, raw: dict, loc: list, fact: str, op: str, fact_type: FactType) -> Leaf | None:
        param = raw["param"]
        if param not in self.spec.file.parameters:
            self.fail([*loc, "param"], f"unknown parameter {param!r}: define it under 'parameters'")
            return None
        if op in MEMBERSHIP or fact_type.type not in (INT, NUMBER):
            self.fail([*loc, "op"], "parameters are numbers, compared with ==, !=, <, <=, > or >=")
            return None
        return Leaf(fact, op, None, param)

    def _value_ok(self, value: Any, fact_type: FactType, loc: list) -> bool:
        # A whole-number fact may be compared with any number (age >= 17.5 is meaningful).
        expected = NUMBER if fact_type.type == INT else fact_type.type
        problem = type_error(value, expected)
        if problem is not None:
            self.fail(loc, f"{fact_type.name} is {_TYPE_WORDS[fact_type.type]}: {problem}")
            return False
        if fact_type.type == STR and fact_type.values and value not in fact_type.values:
            self.fail(loc, f"{fact_type.name} is one of {', '.join(fact_type.values)}; not {value!r}")
            return False
        return True


_TYPE_WORDS = {BOOL: "true/false", INT: "a whole number", NUMBER: "a number", STR: "text"}
