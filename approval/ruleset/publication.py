"""A version label names exactly one content: ``ruleset.yaml`` records the digest of every
other rule file when its version was published, ``rules check`` fails when the files have
changed under the same label, and ``rules publish`` raises the label and records the digest.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from approval.ruleset.errors import RuleFileProblem
from approval.ruleset.loader import RULESET_FILE, digest_of, read_ruleset_files


def content_digest(files: dict[str, str]) -> str:
    """The digest of the rule content, which the version label stands for."""
    return digest_of({k: v for k, v in files.items() if k != RULESET_FILE})


def _line_of(text: str, key: str) -> int:
    return next((i for i, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:")), 1)


def label_problem(files: dict[str, str]) -> RuleFileProblem | None:
    """Why the version label does not stand for these files; None when it does."""
    text = files.get(RULESET_FILE, "")
    header = yaml.safe_load(text) or {}
    recorded, now = header.get("content_digest"), content_digest(files)
    if recorded == now:
        return None
    version = header.get("version")
    if recorded is None:
        message = f"no content_digest: run `approval rules publish --version NEW` to record what {version} is"
        return RuleFileProblem(RULESET_FILE, _line_of(text, "version"), message)
    return RuleFileProblem(
        RULESET_FILE,
        _line_of(text, "version"),
        f"rule files changed since version {version} was published ({recorded[:12]} -> {now[:12]}):"
        " raise the version with `approval rules publish --version NEW`",
    )


def publish(rules_dir: Path, version: str, notes: str | None = None, today: date | None = None) -> str:
    """Record ``version`` as the label of the current files; returns the content digest.
    Refuses to reuse the label of different content."""
    files = read_ruleset_files(rules_dir)
    text = files[RULESET_FILE]
    header = yaml.safe_load(text) or {}
    digest = content_digest(files)
    if version == header.get("version") and header.get("content_digest") not in (None, digest):
        raise ValueError(f"version {version} already names other content; choose a new version")
    fields = {
        "version": f'"{version}"',
        "published": (today or date.today()).isoformat(),
        "content_digest": digest,
    }
    if notes is not None:
        fields["notes"] = notes
    for key, value in fields.items():
        pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
        line = f"{key}: {value}"
        text = (
            pattern.sub(lambda _m, line=line: line, text, count=1)
            if pattern.search(text)
            else f"{text.rstrip()}\n{line}\n"
        )
    (rules_dir / RULESET_FILE).write_text(text, encoding="utf-8")
    return digest
