"""Declarative rules: loading and checking rule files, and evaluating them with
durable-rules in a worker process (see ``evaluation`` for the outcome guarantees)."""

from approval.ruleset.errors import RuleFileError, RuleFileProblem
from approval.ruleset.loader import load_rulebook, read_ruleset_files, rulebook_from_files
from approval.ruleset.rulebook import MatterSpec, Rulebook

__all__ = [
    "MatterSpec",
    "RuleFileError",
    "RuleFileProblem",
    "Rulebook",
    "load_rulebook",
    "read_ruleset_files",
    "rulebook_from_files",
]
