"""Stage-level fixtures: the shipped rulebook, a rule worker shared by the module, and a
helper that builds a ``CaseFile`` as the runner would hand it to a stage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from approval.pipeline import runner
from approval.pipeline.case_file import CaseFile
from approval.reference_data import InMemoryReferenceData
from approval.ruleset import load_rulebook
from approval.ruleset.rulebook import Rulebook
from approval.ruleset.worker import RuleWorker
from approval.settings import REPO_ROOT
from tests.support import FakeOcr


@pytest.fixture(scope="session")
def book() -> Rulebook:
    return load_rulebook(REPO_ROOT / "rules")


@pytest.fixture(scope="module")
def worker() -> Iterator[RuleWorker]:
    w = RuleWorker(timeout=10)
    yield w
    w.close()


@pytest.fixture
def reference() -> InMemoryReferenceData:
    return InMemoryReferenceData()


@pytest.fixture
def deps(book: Rulebook, worker: RuleWorker, reference: InMemoryReferenceData) -> runner.PipelineDeps:
    """The whole pipeline's dependencies: the real rule worker, OCR faked by ``FakeOcr``."""
    return runner.PipelineDeps(
        rulebook=book,
        read_documents=FakeOcr(),
        evaluate=lambda m, f, d: worker.evaluate(book, m, f, d),
        reference=reference,
        jurisdiction_code="320614",
    )


@pytest.fixture
def make_case(book: Rulebook) -> Callable[..., CaseFile]:
    def make(
        submission: dict,
        documents: dict[str, bytes] | None = None,
        received_at: datetime | None = None,
        with_matter: bool = True,
    ) -> CaseFile:
        case = CaseFile(
            case_id="test",
            matter_code=submission["matter"],
            submission=submission,
            documents=dict(documents or {}),
            received_at=received_at or datetime.now(UTC),
        )
        if with_matter:
            case.matter = book.matters[case.matter_code]
        return case

    return make
