from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleFileProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class RuleFileError(ValueError):
    """The rule files are not usable; every problem names its file and line."""

    def __init__(self, problems: list[RuleFileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
