"""``approval rules test``: run sample case folders through the whole pipeline (OCR
included, nothing stored) and compare the status and reason codes with ``expect``."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from approval.persistence.case_store import UploadedDocument
from approval.use_cases.authoring import dry_run
from approval.working_days import applied_on


@dataclass
class SampleCase:
    folder: Path
    body: dict
    documents: list[UploadedDocument]
    expect: dict
    as_of: date | None

    @property
    def received_at(self) -> datetime | None:
        return None if self.as_of is None else applied_on(self.as_of)


@dataclass
class SampleResult:
    case: SampleCase
    status: str | None
    reasons: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        want = self.case.expect
        return (
            self.error is None
            and self.status == want.get("status")
            and sorted(set(self.reasons)) == sorted(set(want.get("reasons", [])))
        )

    def diff(self) -> list[str]:
        want = self.case.expect
        lines = []
        if self.error:
            lines.append(f"    error: {self.error}")
        if self.status != want.get("status"):
            lines.append(f"    status: expected {want.get('status')}, got {self.status}")
        expected, got = set(want.get("reasons", [])), set(self.reasons)
        lines += [f"    - missing reason {code}" for code in sorted(expected - got)]
        lines += [f"    + unexpected reason {code}" for code in sorted(got - expected)]
        return lines


def find_cases(roots: list[Path]) -> Iterator[Path]:
    for root in roots:
        if (root / "case.json").exists():
            yield root
        else:
            yield from sorted(p.parent for p in root.rglob("case.json"))


class SampleCaseError(ValueError):
    """A sample folder that cannot be read, with file, line and column where it applies."""


def load_case(folder: Path) -> SampleCase:
    path = folder / "case.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SampleCaseError(f"{path}: no such file (a sample case is a folder with case.json)") from None
    except UnicodeDecodeError as exc:
        raise SampleCaseError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SampleCaseError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise SampleCaseError(f"{path}:1:1: expected a JSON object, got {type(data).__name__}")
    expect = data.pop("expect", {})
    as_of = data.pop("as_of", None)
    if as_of is not None:
        try:
            as_of = date.fromisoformat(str(as_of)).isoformat()
        except ValueError:
            raise SampleCaseError(f"{path}: as_of {as_of!r} is not a date YYYY-MM-DD") from None
    data.pop("note", None)
    data.pop("generated", None)
    documents = []
    for path in sorted(folder.iterdir()):
        if path.name == "case.json" or path.is_dir():
            continue
        documents.append(
            UploadedDocument(
                part=path.stem,
                filename=path.name,
                media_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                data=path.read_bytes(),
            )
        )
    return SampleCase(folder, data, documents, expect, date.fromisoformat(as_of) if as_of else None)


def run_folder(service: Any, folder: Path) -> SampleResult:
    try:
        case = load_case(folder)
    except SampleCaseError as exc:
        return SampleResult(SampleCase(folder, {}, [], {}, None), None, error=str(exc))
    return run_case(service, case)


def run_case(service: Any, case: SampleCase) -> SampleResult:
    try:
        answer = dry_run(service, case.body, case.documents, received_at=case.received_at)
    except Exception as exc:  # noqa: BLE001 - a broken sample is a failed sample, with the reason
        return SampleResult(case, None, error=f"{type(exc).__name__}: {exc}")
    return SampleResult(case, answer["status"], [r["code"] for r in answer["reasons"]])


def run_cases(
    service: Any,
    folders: list[Path],
    workers: int = 2,
    progress: Callable[[SampleResult, int, int], None] | None = None,
) -> list[SampleResult]:
    results: list[SampleResult] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for result in pool.map(lambda f: run_folder(service, f), folders):
            results.append(result)
            if progress:
                progress(result, len(results), len(folders))
    return results
